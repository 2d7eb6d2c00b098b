-- transcript_new_api_calls: API calls (message id + request id) of the staged batch that no stored
-- line had before (the transcript step's "API calls" figure), not counting the stored lines of
-- files this batch reads again from the start (their lines are replaced).
SELECT count(*) AS n FROM (
    SELECT DISTINCT message_id, coalesce(request_id, '') AS request_id FROM tmp_transcript_lines
    WHERE line_type = 'assistant' AND message_id IS NOT NULL AND coalesce(model, '') <> '<synthetic>'
) t
WHERE NOT EXISTS (
    SELECT 1 FROM raw_transcript_lines r
    WHERE r.message_id = t.message_id AND coalesce(r.request_id, '') = t.request_id
      AND r.file_key NOT IN (SELECT file_key FROM tmp_transcript_files WHERE reread)
)
