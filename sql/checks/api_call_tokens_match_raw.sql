-- fact_api_call holds exactly one row per distinct message id + request id of the raw transcripts.
SELECT 'fact' AS side, count(*) AS n FROM fact_api_call
HAVING count(*) <> (SELECT count(*) FROM (SELECT DISTINCT message_id, coalesce(request_id, '') FROM stg_transcript_messages
                                          WHERE coalesce(model, '') <> '<synthetic>'))
