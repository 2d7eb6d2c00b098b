-- Claude Code's local API-error lines (model <synthetic>) never count as API calls.
SELECT message_id FROM fact_api_call WHERE model = '<synthetic>' OR model IS NULL
