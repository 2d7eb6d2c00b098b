-- wave_statistics (seed 003 §3.2): pre-computed per-wave figures for the dashboard: task
-- outcomes, pass rate, the tool calls and verifications measured in the claiming sessions,
-- tokens and cost (task_cost), and timing.
-- grain: wave of a DAG execution
-- key: wave_id
SELECT
    w.id || ':stats'                                                    AS id,
    w.id                                                                AS wave_id,
    w.execution_id,
    w.task_count,
    count(c.task_id) FILTER (WHERE c.status IN ('done', 'done_partial')) AS completed_count,
    count(c.task_id) FILTER (WHERE c.status = 'failed')                 AS failed_count,
    (SELECT count(*) FROM tg_task_levels l2 JOIN tg_stg_tasks t2 USING (task_id)
      WHERE l2.project_id = w.execution_id AND l2.wave_number = w.wave_number AND t2.status = 'cancelled') AS skipped_count,
    round(count(c.task_id) FILTER (WHERE c.status IN ('done', 'done_partial'))
          / nullif(count(c.task_id) FILTER (WHERE c.status IN ('done', 'done_partial', 'failed')), 0), 4) AS pass_rate,
    round(coalesce(sum(c.tool_calls), 0), 2)                            AS tool_use_count,
    round(coalesce(sum(c.tool_failures), 0), 2)                         AS tool_error_count,
    coalesce(sum(c.verifications), 0)                                   AS assertion_count,
    count(c.task_id) FILTER (WHERE c.verified)                          AS assertion_pass_count,
    round(coalesce(sum(c.api_calls), 0), 2)                             AS api_call_count,
    round(coalesce(sum(c.total_tokens), 0))::BIGINT                     AS total_tokens,
    round(sum(c.cost_usd), 6)                                           AS cost_usd,
    count(c.task_id) FILTER (WHERE c.cost_usd IS NULL AND c.attempts > 0) AS unmeasured_tasks,
    w.started_at,
    w.completed_at,
    date_diff('millisecond', w.started_at, w.completed_at)              AS duration_ms
FROM parallel_execution_waves w
LEFT JOIN tg_task_levels l ON l.project_id = w.execution_id AND l.wave_number = w.wave_number
LEFT JOIN task_cost c ON c.task_id = l.task_id AND c.status <> 'cancelled'
GROUP BY w.id, w.execution_id, w.wave_number, w.task_count, w.started_at, w.completed_at
