-- Every routing decision is keyed by the Agent call's tool_use_id.
-- scope: sessions (each row names its session; an incremental build checks the sessions it rebuilt)
SELECT session_id, routed_at FROM fact_routing_decision WHERE in_scope(session_id) AND (task_id IS NULL OR agent_name IS NULL)
