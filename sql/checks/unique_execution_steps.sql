-- One step per tool call.
-- scope: sessions (each row names its session; an incremental build checks the sessions it rebuilt)
SELECT session_id, tool_use_id, count(*) AS copies FROM fact_execution_step WHERE in_scope(session_id) GROUP BY 1, 2 HAVING count(*) > 1
