-- transcript_commit: store one staged batch (tmp_transcript_lines, tmp_transcript_rejects) and
-- where each file was read to (tmp_transcript_files), in the caller's transaction, so lines,
-- rejects and read positions commit together. Sessions whose lines arrived, or were replaced by a
-- re-read from the start, are marked for the next model build. Parameter: $now.
INSERT OR IGNORE INTO build_pending_sessions
SELECT DISTINCT coalesce(t.session_id, f.file_session, '') FROM tmp_transcript_lines t JOIN tmp_transcript_files f USING (file_idx)
UNION
SELECT DISTINCT coalesce(session_id, '') FROM raw_transcript_lines
WHERE file_key IN (SELECT file_key FROM tmp_transcript_files WHERE reread);
DELETE FROM raw_transcript_lines WHERE file_key IN (SELECT file_key FROM tmp_transcript_files WHERE reread);
DELETE FROM raw_transcript_rejects WHERE file_key IN (SELECT file_key FROM tmp_transcript_files WHERE reread);
INSERT INTO raw_transcript_lines
SELECT f.file_key, t.byte_offset, coalesce(t.session_id, f.file_session), coalesce(t.agent_id, f.agent_id),
       t.line_type, t.ts, t.message_id, t.request_id, t.line, t.redacted, CAST($now AS TIMESTAMP)
FROM tmp_transcript_lines t JOIN tmp_transcript_files f USING (file_idx)
ON CONFLICT DO NOTHING;
INSERT INTO raw_transcript_rejects
SELECT f.file_key, r.byte_offset, f.path, r.reason, r.text, CAST($now AS TIMESTAMP)
FROM tmp_transcript_rejects r JOIN tmp_transcript_files f USING (file_idx)
ON CONFLICT DO NOTHING;
INSERT OR REPLACE INTO raw_transcript_files
WITH read AS (
    SELECT file_idx, count(*) AS n, arg_max(session_id, byte_offset) FILTER (WHERE session_id IS NOT NULL) AS last_session
    FROM (SELECT file_idx, byte_offset, session_id FROM tmp_transcript_lines
          UNION ALL SELECT file_idx, byte_offset, NULL FROM tmp_transcript_rejects)
    GROUP BY file_idx
)
SELECT f.file_key, f.path, f.dev, f.ino, f.mtime_ms, f.size, f.size_read, f.tail_hash,
       CASE WHEN f.reread THEN 0 ELSE f.lines_before END + coalesce(r.n, 0),
       coalesce(r.last_session, f.file_session), f.agent_id,
       coalesce((SELECT first_read_at FROM raw_transcript_files x WHERE x.file_key = f.file_key), CAST($now AS TIMESTAMP)),
       CAST($now AS TIMESTAMP)
FROM tmp_transcript_files f LEFT JOIN read r USING (file_idx)
