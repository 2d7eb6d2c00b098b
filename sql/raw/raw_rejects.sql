-- raw_rejects: every journal line that could not be stored in raw_hook_events, with the reason.
-- Nothing read from a journal is dropped: a line is either an event or a reject.
-- Keyed by (source_file, byte_offset): re-reading a file after a crash does not add it twice.
-- reason: malformed_json | invalid_utf8 | nul_bytes | not_an_object | missing_id | bad_field |
--         empty_line | partial_line (no trailing newline, final after the grace period)
-- grain: journal line that could not be stored
-- key: source_file, byte_offset
CREATE TABLE IF NOT EXISTS raw_rejects (
    source_file  VARCHAR   NOT NULL,
    byte_offset  BIGINT    NOT NULL,
    byte_length  BIGINT    NOT NULL,  -- bytes in the line, without its newline
    reason       VARCHAR   NOT NULL,
    detail       VARCHAR,             -- the parser's message, when there is one
    text         VARCHAR   NOT NULL,  -- the line as UTF-8 (invalid bytes as U+FFFD, NUL as U+FFFD)
    bytes        BLOB,                -- the exact bytes, when text is not a faithful copy
    ingested_at  TIMESTAMP NOT NULL
);
