-- task_executions: seed 002's table name and columns over v_session_summary (one Claude Code
-- session = one task execution; workflow_id = session_id).
-- grain: session (one Claude Code session = one task execution)
-- key: workflow_id
SELECT
    session_id              AS workflow_id,
    session_id,
    status,
    started_at,
    completed_at,
    total_tokens,
    prompt_tokens,
    completion_tokens,
    total_cost_usd,
    duration_ms,
    agents_used,
    tools_invoked,
    cache_hits,
    cache_hit_ratio
FROM v_session_summary
