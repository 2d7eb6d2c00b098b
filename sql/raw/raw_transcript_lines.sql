-- raw_transcript_lines: every line of every Claude Code transcript, verbatim except for redacted secrets. This is the
-- durable copy: Claude Code deletes transcripts after cleanupPeriodDays (30 by default).
-- A few fields are lifted out at read time (cheap in JS, costly to re-extract from JSON on 10M rows).
-- grain: transcript line
-- key: file_key, byte_offset
CREATE TABLE IF NOT EXISTS raw_transcript_lines (
    file_key        VARCHAR NOT NULL,   -- raw_transcript_files.file_key
    byte_offset     UBIGINT NOT NULL,   -- where the line starts in the file
    session_id      VARCHAR,            -- sessionId
    agent_id        VARCHAR,            -- agentId (subagent files)
    line_type       VARCHAR,            -- type: user, assistant, attachment, system, …
    ts              TIMESTAMP,          -- timestamp (UTC)
    message_id      VARCHAR,            -- assistant lines: message.id (msg_…)
    request_id      VARCHAR,            -- assistant lines: requestId
    line            JSON NOT NULL,      -- the whole line, secrets replaced by [REDACTED:<kind>]
    redacted        VARCHAR[],          -- kinds of secrets replaced, NULL when none
    ingested_at     TIMESTAMP NOT NULL,
    PRIMARY KEY (file_key, byte_offset)
);
