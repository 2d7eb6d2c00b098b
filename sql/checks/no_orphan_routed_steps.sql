-- A step that carries a task_id points at an Agent launch recorded in fact_routing_decision, unless
-- that launch's own hooks were never captured (the subagent's meta.json still names it).
-- scope: sessions (each row names its session; an incremental build checks the sessions it rebuilt)
SELECT e.session_id, e.task_id, e.tool_use_id FROM fact_execution_step e
WHERE e.task_id IS NOT NULL AND in_scope(e.session_id)
  AND NOT EXISTS (SELECT 1 FROM fact_routing_decision r WHERE r.session_id = e.session_id AND r.task_id = e.task_id)
  AND NOT EXISTS (SELECT 1 FROM stg_subagent_meta m WHERE m.session_id = e.session_id AND m.launch_tool_use_id = e.task_id)
