-- last_check_sessions: what each per-session check (a `-- scope: sessions` file of sql/checks/)
-- found, session by session, as of the build last_checks names. An incremental build checks only
-- the sessions it rebuilt and replaces their rows here; the rows of the other sessions still hold
-- what was found when they were built, so a failure stays reported until a build fixes it.
-- grain: a session where a check found rows
-- key: check_name, session_key
CREATE TABLE IF NOT EXISTS last_check_sessions (
    check_name    VARCHAR NOT NULL,  -- the sql/checks/ file
    session_key   VARCHAR NOT NULL,  -- session_id, '' for rows without one
    failing_rows  BIGINT  NOT NULL,
    sample        JSON    NOT NULL   -- up to 5 of the rows, as objects
);
