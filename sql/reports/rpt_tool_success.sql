-- rpt_tool_success: per tool, how its calls ended (seed 002's tool execution success rate).
-- grain: tool
-- key: tool_name
-- all history: v_tool_success_rates
SELECT
    tool_name,
    sum(steps)                                                          AS total,
    coalesce(sum(steps) FILTER (WHERE status = 'success'), 0)           AS successful,
    coalesce(sum(steps) FILTER (WHERE status = 'error'), 0)             AS errors,
    coalesce(sum(steps) FILTER (WHERE status = 'denied'), 0)            AS denied,
    coalesce(sum(steps) FILTER (WHERE status = 'interrupted'), 0)       AS interrupted,
    coalesce(sum(steps) FILTER (WHERE status = 'timeout'), 0)           AS timeouts,
    round(100.0 * coalesce(sum(steps) FILTER (WHERE status = 'success'), 0) / sum(steps), 2) AS success_rate,
    round(sum(duration_ms_sum) / nullif(sum(duration_ms_n), 0), 1)     AS avg_duration_ms
FROM agg_step_hourly
WHERE (since IS NULL OR call_hour >= since)
  AND (until IS NULL OR call_hour < until)
  AND (session IS NULL OR session_id = session)
  AND (machine IS NULL OR host = machine)
GROUP BY tool_name
ORDER BY total DESC, tool_name
