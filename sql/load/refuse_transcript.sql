-- refuse_transcript: remember a path ingest will not read (sql/raw/transcript_refusals.sql).
-- Parameters: $path, $reason, $now.
INSERT INTO transcript_refusals VALUES ($path, $reason, CAST($now AS TIMESTAMP))
ON CONFLICT (path) DO UPDATE SET reason = excluded.reason, refused_at = excluded.refused_at
