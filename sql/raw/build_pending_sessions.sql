-- build_pending_sessions: sessions whose raw rows changed since the last model build (rows added,
-- or transcript lines replaced). Every loader adds the sessions it touched in the same transaction
-- as its rows; the build rebuilds those sessions' facts and aggregates and empties this table in
-- its own transaction, so a crash on either side loses nothing.
-- session_key is the session id, '' for rows without one.
-- grain: session with unbuilt changes
-- key: session_key
CREATE TABLE IF NOT EXISTS build_pending_sessions (
    session_key   VARCHAR   PRIMARY KEY
);
