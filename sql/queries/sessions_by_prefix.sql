-- sessions_by_prefix($1 = a session id or the start of one): one row per session whose id starts
-- with it (at most 3: one means the prefix names a session, more that it is ambiguous), so people
-- can type the 8 characters the dashboard shows. Reads fact_api_call and fact_execution_step.
SELECT session_id FROM fact_api_call WHERE starts_with(session_id, $1)
UNION
SELECT session_id FROM fact_execution_step WHERE starts_with(session_id, $1)
ORDER BY session_id
LIMIT 3;
