-- raw_lake_sessions: which machine pushed each session's rows to the team build (the first one,
-- when a journal or transcript was pushed from two). A session's host is the one its hook events
-- name; this gives it for sessions known only from transcripts.
-- grain: session loaded from a lake
-- key: session_id
CREATE TABLE IF NOT EXISTS raw_lake_sessions (
    session_id       VARCHAR   PRIMARY KEY,
    host             VARCHAR   NOT NULL,
    first_loaded_at  TIMESTAMP NOT NULL
);
