-- rpt_wave_progress(since, until, session, machine): seed 003's wave progress: one row per wave that
-- started in the window (of an execution the session worked on), with its statistics.
-- grain: wave of a DAG execution
-- key: wave_id
-- all history: v_wave_progress
SELECT
    w.id                                AS wave_id,
    w.execution_id,
    w.wave_number,
    w.status,
    w.started_at,
    w.completed_at,
    w.max_parallelism,
    w.agent_count,
    w.overlap_with_previous_ms,
    coalesce(s.task_count, 0)           AS task_count,
    coalesce(s.completed_count, 0)      AS completed_count,
    coalesce(s.failed_count, 0)         AS failed_count,
    s.pass_rate,
    coalesce(s.tool_use_count, 0)       AS tool_use_count,
    coalesce(s.assertion_count, 0)      AS assertion_count,
    coalesce(s.assertion_pass_count, 0) AS assertion_pass_count,
    s.total_tokens,
    s.cost_usd,
    s.duration_ms,
    e.title                             AS task_list_title,
    e.status                            AS execution_status
FROM parallel_execution_waves w
LEFT JOIN wave_statistics s ON s.wave_id = w.id
LEFT JOIN dag_executions e ON e.execution_id = w.execution_id
WHERE (since IS NULL OR w.started_at >= since)
  AND (until IS NULL OR w.started_at < until)
  AND (session IS NULL OR w.execution_id IN (SELECT execution_id FROM task_cost WHERE session_id = session))
  AND (machine IS NULL OR machine = (SELECT max(host) FROM raw_machine))
ORDER BY w.started_at DESC NULLS LAST, w.execution_id, w.wave_number
