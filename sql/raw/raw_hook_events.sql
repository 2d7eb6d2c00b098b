-- raw_hook_events: one row per journal envelope (one hook call), as the hook wrote it.
-- Keyed by event_id: a line seen twice (a re-read segment, the same journal copied from two
-- machines) is stored once, the first time it is read. The loader (ingest/journal-load.ts)
-- enforces the key (sql/load/dedup_batch.sql) instead of a PRIMARY KEY: an ART index on 10M VARCHAR ids
-- costs memory on every open and slows the bulk insert; sql/checks proves uniqueness instead.
-- Envelope fields are typed columns; payload/cut/redacted keep the JSON values (whitespace and
-- escapes normalised by DuckDB's parser, content unchanged).
-- grain: hook call (one journal envelope)
-- key: event_id
CREATE TABLE IF NOT EXISTS raw_hook_events (
    event_id     VARCHAR   NOT NULL,  -- envelope "id" (always a JSON string in the line)
    v            INTEGER,             -- envelope format version (1)
    ts           TIMESTAMP,           -- hook receive time, UTC (envelope "ts", any offset converted to UTC)
    host         VARCHAR,             -- machine that ran the hook
    event        VARCHAR,             -- hook_event_name as given ("unknown" when absent)
    session_id   VARCHAR,
    agent_id     VARCHAR,             -- set only inside a subagent (and on SubagentStart/Stop)
    agent_type   VARCHAR,
    payload      JSON,                -- the hook's stdin object (capped strings, secrets redacted)
    cut          JSON,                -- [{path, length}] when strings were capped, else NULL
    redacted     JSON,                -- [{path, kind}] when secrets were redacted, else NULL
    source_file  VARCHAR   NOT NULL,  -- journal segment (or external journal) the line was read from
    byte_offset  BIGINT    NOT NULL,  -- offset of the line's first byte in source_file
    ingested_at  TIMESTAMP NOT NULL   -- start of the ingest run that stored it, UTC
);
