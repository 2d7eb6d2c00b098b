-- mark_pending_transcript_sessions: the sessions of one transcript file's lines need their facts
-- rebuilt: the lines just staged, and when the file is read again from the start ($reread), the
-- lines stored before (which the re-read replaces). Parameters: $file_key, $reread.
INSERT OR IGNORE INTO build_pending_sessions
SELECT DISTINCT coalesce(session_id, '') FROM tmp_transcript_lines
UNION
SELECT DISTINCT coalesce(session_id, '') FROM raw_transcript_lines WHERE $reread AND file_key = $file_key
