-- Every step made inside a subagent belongs to a known subagent (dim_agent).
-- scope: sessions (each row names its session; an incremental build checks the sessions it rebuilt)
SELECT e.session_id, e.agent_id, e.tool_use_id FROM fact_execution_step e
LEFT JOIN dim_agent a ON a.session_id = e.session_id AND a.agent_id = e.agent_id
WHERE e.agent_id IS NOT NULL AND a.agent_id IS NULL AND in_scope(e.session_id)
