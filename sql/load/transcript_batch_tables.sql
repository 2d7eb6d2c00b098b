-- transcript_batch_tables: the per-connection temp tables of one transcript batch, filled by the
-- Appender (files, rejects, redacted lines) and transcript_stage.sql (lines).
CREATE OR REPLACE TEMP TABLE tmp_transcript_files (
    file_idx INTEGER, file_key VARCHAR, path VARCHAR, dev UBIGINT, ino UBIGINT, mtime_ms DOUBLE, size UBIGINT,
    size_read UBIGINT, tail_hash VARCHAR, lines_before UBIGINT, reread BOOLEAN, file_session VARCHAR, agent_id VARCHAR);
CREATE OR REPLACE TEMP TABLE tmp_transcript_rejects (file_idx INTEGER, byte_offset UBIGINT, reason VARCHAR, text VARCHAR);
CREATE OR REPLACE TEMP TABLE tmp_transcript_redacted (file_idx INTEGER, byte_offset UBIGINT, line VARCHAR, kinds VARCHAR);  -- kinds: a JSON list
