-- fact_synthesis_result: one row per subagent that finished (SubagentStop, or StopFailure inside
-- it, or a meta.json marked finished). Its token totals come from its own transcript (fact_api_call):
-- the Agent tool's totalTokens/usage cover only the subagent's LAST API call.
-- grain: finished subagent
-- key: session_id, agent_id
WITH calls AS (
    SELECT session_id, agent_id, count(*) AS api_calls,
           sum(input_tokens) AS input_tokens, sum(output_tokens) AS output_tokens,
           sum(cache_read_tokens) AS cache_read_tokens,
           sum(cache_write_5m_tokens) AS cache_write_5m_tokens, sum(cache_write_1h_tokens) AS cache_write_1h_tokens,
           mode(model) AS model, count(*) FILTER (WHERE output_is_lower_bound) AS lower_bound_calls
    FROM fact_api_call WHERE agent_id IS NOT NULL AND in_scope(session_id) GROUP BY 1, 2
),
steps AS (
    SELECT session_id, agent_id, count(*) AS tool_calls,
           count(*) FILTER (WHERE status <> 'success') AS failed_tool_calls
    FROM fact_execution_step WHERE agent_id IS NOT NULL AND in_scope(session_id) GROUP BY 1, 2
)
SELECT
    a.session_id,
    r.goal_id,
    a.launch_tool_use_id                                            AS task_id,
    a.agent_id,
    a.agent_type                                                    AS agent_name,
    coalesce(c.model, r.model, a.requested_model)                   AS model,
    a.end_status                                                    AS status,
    coalesce(s.tool_calls, 0)                                       AS input_count,   -- tool results the subagent merged
    coalesce(s.tool_calls, 0)                                       AS tool_calls,
    coalesce(s.failed_tool_calls, 0)                                AS failed_tool_calls,
    coalesce(c.api_calls, 0)                                        AS api_calls,
    coalesce(c.input_tokens, 0)                                     AS input_tokens,
    coalesce(c.output_tokens, 0)                                    AS output_tokens,
    coalesce(c.lower_bound_calls, 0)                                AS output_lower_bound_calls,
    coalesce(c.cache_read_tokens, 0)                                AS cache_read_tokens,
    coalesce(c.cache_write_5m_tokens, 0)                            AS cache_write_5m_tokens,
    coalesce(c.cache_write_1h_tokens, 0)                            AS cache_write_1h_tokens,
    coalesce(c.input_tokens + c.output_tokens + c.cache_read_tokens + c.cache_write_5m_tokens + c.cache_write_1h_tokens, 0) AS total_tokens,
    coalesce(e.duration_ms, CAST(date_diff('millisecond', a.started_at, a.ended_at) AS BIGINT)) AS duration_ms,
    CASE a.end_status WHEN 'completed' THEN 'high' ELSE 'low' END   AS quality_signal,
    CASE WHEN r.run_in_background THEN 'background'
         WHEN r.parallel_siblings > 0 THEN 'parallel_merge'
         ELSE 'sequential_merge' END                                AS synthesis_strategy,
    coalesce(a.ended_at, a.started_at)                              AS synthesized_at,
    CAST(coalesce(a.ended_at, a.started_at) AS DATE)                AS call_date,
    'dim_agent'                                                     AS record_source,
    a.host
FROM dim_agent a
LEFT JOIN calls c USING (session_id, agent_id)
LEFT JOIN steps s USING (session_id, agent_id)
LEFT JOIN fact_routing_decision r ON r.session_id = a.session_id AND r.task_id = a.launch_tool_use_id
LEFT JOIN fact_execution_step e ON e.session_id = a.session_id AND e.tool_use_id = a.launch_tool_use_id
                               AND NOT coalesce(r.run_in_background, false)
WHERE NOT a.is_compaction AND a.end_status IN ('completed', 'error') AND in_scope(a.session_id)
