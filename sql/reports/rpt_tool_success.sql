-- rpt_tool_success: per tool, how its calls ended (seed 002's tool execution success rate).
CREATE OR REPLACE MACRO rpt_tool_success(since, until, session) AS TABLE
SELECT
    tool_name,
    count(*)                                                    AS total,
    count(*) FILTER (WHERE status = 'success')                  AS successful,
    count(*) FILTER (WHERE status = 'error')                    AS errors,
    count(*) FILTER (WHERE status = 'denied')                   AS denied,
    count(*) FILTER (WHERE status = 'interrupted')              AS interrupted,
    count(*) FILTER (WHERE status = 'timeout')                  AS timeouts,
    round(100.0 * count(*) FILTER (WHERE status = 'success') / count(*), 2) AS success_rate,
    round(avg(duration_ms), 1)                                  AS avg_duration_ms
FROM fact_execution_step
WHERE (since IS NULL OR called_at >= since)
  AND (until IS NULL OR called_at < until)
  AND (session IS NULL OR session_id = session)
GROUP BY tool_name
ORDER BY total DESC, tool_name;
