-- mark_pending_hook_sessions: the sessions of the journal batch just stored need their facts
-- rebuilt (in the batch's transaction). Parameters: $source, $from, $ingested_at (the batch's rows).
INSERT OR IGNORE INTO build_pending_sessions
SELECT DISTINCT coalesce(session_id, '')
FROM raw_hook_events
WHERE source_file = $source AND byte_offset >= $from AND ingested_at = $ingested_at
