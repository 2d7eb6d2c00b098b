-- rpt_subagents: every finished subagent: who launched it and why, how it ended, its tool calls
-- and its real token totals and cost from its own transcript.
-- grain: finished subagent
-- key: session_id, agent_id
-- all history: v_subagents
WITH cost AS (
    SELECT session_id, agent_id, sum(cost_usd) AS cost_usd, coalesce(sum(api_calls) FILTER (WHERE cost_usd IS NULL), 0) AS unpriced_calls
    FROM rpt_api_cost_hourly(NULL::TIMESTAMP, NULL::TIMESTAMP, session, machine := machine) WHERE agent_id IS NOT NULL GROUP BY 1, 2
)
SELECT
    s.session_id, s.agent_id, s.agent_name, r.routing_reason AS description, s.task_id,
    s.status, s.synthesis_strategy, s.model, s.duration_ms, s.tool_calls, s.failed_tool_calls, s.api_calls,
    s.input_tokens, s.output_tokens, s.cache_read_tokens, s.cache_write_5m_tokens + s.cache_write_1h_tokens AS cache_write_tokens,
    s.total_tokens,
    CASE WHEN coalesce(c.unpriced_calls, 0) = 0 THEN round(coalesce(c.cost_usd, 0), 6) END AS cost_usd,
    s.synthesized_at
FROM fact_synthesis_result s
LEFT JOIN fact_routing_decision r ON r.session_id = s.session_id AND r.task_id = s.task_id
LEFT JOIN cost c ON c.session_id = s.session_id AND c.agent_id = s.agent_id
WHERE (since IS NULL OR s.synthesized_at >= since) AND (until IS NULL OR s.synthesized_at < until)
  AND (session IS NULL OR s.session_id = session)
  AND (machine IS NULL OR s.host = machine)
ORDER BY s.synthesized_at DESC, s.agent_id
