-- tg_tool_steps: the tool calls the task analytics attribute to claims (adapter over
-- fact_execution_step).
CREATE OR REPLACE VIEW tg_tool_steps AS
SELECT
    session_id || ':' || tool_use_id   AS item_key,
    session_id,
    agent_name,
    tool_name,
    status,
    called_at,
    duration_ms
FROM fact_execution_step
WHERE called_at IS NOT NULL;
