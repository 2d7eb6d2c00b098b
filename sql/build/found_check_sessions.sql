-- found_check_sessions: what the per-session checks found in this run, by session, before it is
-- merged into last_check_sessions (warehouse/checks.ts appends the rows).
CREATE OR REPLACE TEMP TABLE found_check_sessions (
    check_name    VARCHAR,
    session_key   VARCHAR,
    failing_rows  BIGINT,
    sample        JSON
);
