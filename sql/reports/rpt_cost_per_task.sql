-- rpt_cost_per_task(since, until, session, machine): the cost-per-task report: one row per task-graph
-- task claimed in the window (by that session), with its measured — never agent-reported —
-- tokens, USD, wall time and tool calls (task_cost), newest first.
-- grain: task-graph task
-- key: task_id
-- all history: v_cost_per_task
SELECT
    execution_id,
    task_id,
    title,
    status,
    verified,
    agent_id,
    agent_type,
    model,
    attempts,
    round(wall_ms / 1000.0, 1)          AS wall_seconds,
    round(api_calls, 2)                 AS api_calls,
    round(total_tokens)::BIGINT         AS total_tokens,
    round(output_tokens)::BIGINT        AS output_tokens,
    round(cost_usd, 6)                  AS cost_usd,
    cost_missing_reason,
    unpriced_api_calls,
    unmeasured_claims,
    round(tool_calls, 2)                AS tool_calls,
    round(tool_failures, 2)             AS tool_failures,
    session_id,
    claimed_at
FROM task_cost
WHERE (since IS NULL OR claimed_at >= since)
  AND (until IS NULL OR claimed_at < until)
  AND (session IS NULL OR session_id = session)
  AND (machine IS NULL OR machine = (SELECT max(host) FROM raw_machine))
ORDER BY claimed_at DESC NULLS LAST, task_id
