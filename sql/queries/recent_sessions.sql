-- recent_sessions($1 = how many): one row per session (v_session_summary), newest first: the
-- dashboard's sessions list, each row a link to the session's trace.
SELECT * FROM v_session_summary ORDER BY started_at DESC NULLS LAST, session_id LIMIT $1;
