-- Every routing decision is keyed by the Agent call's tool_use_id.
SELECT session_id, routed_at FROM fact_routing_decision WHERE task_id IS NULL OR agent_name IS NULL
