-- rpt_cost_per_routing_pattern: the seed's cost per routing pattern on real keys: per subagent
-- type, the tokens and cost of the API calls the launched subagents made (fact_api_call.task_id =
-- the launching Agent call) and the time and number of their tool calls.
-- grain: subagent type (routing pattern)
-- key: agent_name, tool_name
-- all history: v_cost_per_routing_pattern
WITH r AS (
    SELECT * FROM fact_routing_decision
    WHERE (since IS NULL OR routed_at >= since)
      AND (until IS NULL OR routed_at < until)
      AND (session IS NULL OR session_id = session)
      AND (machine IS NULL OR host = machine)
),
calls AS (
    SELECT session_id, task_id,
           sum(input_tokens + output_tokens + cache_read_tokens + cache_write_5m_tokens + cache_write_1h_tokens) AS total_tokens,
           sum(cost_usd) AS cost_usd, coalesce(sum(api_calls) FILTER (WHERE cost_usd IS NULL), 0) AS unpriced_calls
    FROM rpt_api_cost_hourly(NULL::TIMESTAMP, NULL::TIMESTAMP, session, machine := machine)
    WHERE task_id IS NOT NULL
    GROUP BY 1, 2
),
steps AS (
    SELECT session_id, task_id, sum(duration_ms_sum) AS duration_ms, sum(steps) AS call_count
    FROM agg_step_hourly
    WHERE task_id IS NOT NULL AND (session IS NULL OR session_id = session)
      AND (machine IS NULL OR host = machine)
    GROUP BY 1, 2
)
SELECT
    r.agent_name,
    r.tool_name,
    count(*)                                                    AS routings,
    sum(coalesce(c.total_tokens, 0))                            AS total_tokens,
    CASE WHEN sum(coalesce(c.unpriced_calls, 0)) = 0 THEN round(sum(coalesce(c.cost_usd, 0)), 6) END AS cost_usd,
    sum(coalesce(c.unpriced_calls, 0))                          AS unpriced_calls,
    sum(coalesce(s.duration_ms, 0))                             AS total_duration_ms,
    sum(coalesce(s.call_count, 0))                              AS call_count
FROM r
LEFT JOIN calls c ON c.session_id = r.session_id AND c.task_id = r.task_id
LEFT JOIN steps s ON s.session_id = r.session_id AND s.task_id = r.task_id
GROUP BY r.agent_name, r.tool_name
ORDER BY total_tokens DESC, agent_name
LIMIT 20
