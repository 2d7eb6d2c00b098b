-- agg_step_hourly: fact_execution_step summed per session, agent, launching task, tool, status
-- and UTC hour. The reports read this instead of every step: 10M steps collapse to ~1 row per
-- session, tool and outcome (a session rarely spans two hours), so a report scans ~20x fewer rows.
-- Report windows (--since/--until) are applied by the hour for the same reason.
-- grain: session, agent, launching task, tool, status, source (hooks, transcript, both) and hour
-- key: session_id, agent_id, task_id, tool_name, status, source, call_hour
SELECT
    session_id,
    agent_id,
    agent_name,
    task_id,
    tool_name,
    status,
    source,
    date_trunc('hour', called_at)                   AS call_hour,
    count(*)                                        AS steps,
    CAST(sum(duration_ms) AS BIGINT)                AS duration_ms_sum,   -- BIGINT: summing HUGEINT is ~20x slower
    count(duration_ms)                              AS duration_ms_n,
    min(called_at)                                  AS first_called_at,
    max(coalesce(finished_at, called_at))           AS last_finished_at,
    host                                            -- the session's machine (one per session)
FROM fact_execution_step
WHERE in_scope(session_id)
GROUP BY ALL
ORDER BY call_hour, session_id
