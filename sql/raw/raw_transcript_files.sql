-- raw_transcript_files: one row per transcript file, keyed by its identity (not its path): how far ingest has read it.
-- file_key = sha256 of the file's first line, so a renamed, moved or copied file (journals and
-- transcripts merged from several machines) keeps its position, and a replaced file gets a new key.
-- grain: transcript file (by identity)
-- key: file_key
CREATE TABLE IF NOT EXISTS raw_transcript_files (
    file_key        VARCHAR PRIMARY KEY,
    path            VARCHAR NOT NULL,   -- the last path it was read from
    dev             UBIGINT,            -- stat identity at the last read: an unchanged file is skipped unread
    ino             UBIGINT,
    mtime_ms        DOUBLE,
    size            UBIGINT,            -- file size at the last read
    size_read       UBIGINT NOT NULL,   -- byte offset just past the last complete line stored
    tail_hash       VARCHAR,            -- sha256 of the bytes just before size_read: a rewritten file is re-read
    lines_read      UBIGINT NOT NULL,
    session_id      VARCHAR,
    agent_id        VARCHAR,            -- set for subagents/agent-<id>.jsonl files
    first_read_at   TIMESTAMP NOT NULL,
    last_read_at    TIMESTAMP NOT NULL
);
