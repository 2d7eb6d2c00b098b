-- last_check_sessions_merge: after an incremental build, the per-session findings of the sessions
-- it rebuilt (in_scope) replace theirs; a session a check named although not rebuilt (the other
-- copy of a repeated event id) is replaced too. found_check_sessions: what the checks found now.
DELETE FROM last_check_sessions
WHERE in_scope(session_key)
   OR (check_name, session_key) IN (SELECT check_name, session_key FROM found_check_sessions);
INSERT INTO last_check_sessions SELECT * FROM found_check_sessions;
