-- tg_subagents: Claude Code subagent intervals (adapter over dim_agent; compaction excluded),
-- the second source of parallelism beside task-graph claims.
CREATE OR REPLACE VIEW tg_subagents AS
SELECT session_id, agent_id, agent_type, launch_tool_use_id, started_at, ended_at, end_status
FROM dim_agent
WHERE NOT is_compaction;
