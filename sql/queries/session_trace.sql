-- session_trace($1 = session_id): one session as a plan, for the waterfall (`agentdag serve`'s
-- session page, `agentdag report session-trace`). One row per item of the trace, by `kind`:
--   lane       the main thread, or one subagent: its span, who launched it (launched_by = the
--              Agent call's tool_use_id), its API calls, tokens and cost, its tool calls and failures
--   tool_call  one tool call in a lane: tool, outcome (status), start and end, the API message that
--              issued it (batch_id; calls of one message run in parallel: batch_size), and for an
--              Agent call the lane it launched (launches)
--   api_call   one API response in a lane: when it arrived, model, tokens, cost (NULL: unpriced)
-- Reads only public objects: fact_execution_step, v_api_call_cost (fact_api_call, priced),
-- dim_agent, fact_routing_decision, fact_session_event.
WITH steps AS (
    SELECT *, coalesce(agent_id, 'main') AS lane_id,
           coalesce(finished_at, called_at + to_milliseconds(coalesce(duration_ms, 0))) AS ended_at
    FROM fact_execution_step
    WHERE session_id = $1
),
calls AS (
    SELECT *, coalesce(agent_id, 'main') AS lane_id FROM v_api_call_cost WHERE session_id = $1
),
session_span AS (
    SELECT least(min(s.called_at), min(c.called_at), min(e.event_at)) AS started_at,
           greatest(max(s.ended_at), max(c.called_at), max(e.event_at)) AS ended_at
    FROM (SELECT 1) one
    LEFT JOIN steps s ON true
    LEFT JOIN calls c ON true
    LEFT JOIN fact_session_event e ON e.session_id = $1
),
step_totals AS (
    SELECT lane_id, min(called_at) AS first_at, max(ended_at) AS last_at, count(*) AS tool_calls,
           count(*) FILTER (WHERE status <> 'success') AS failed_tool_calls
    FROM steps GROUP BY lane_id
),
call_totals AS (
    SELECT lane_id, min(called_at) AS first_at, max(called_at) AS last_at, count(*) AS api_calls,
           sum(input_tokens) AS input_tokens, sum(output_tokens) AS output_tokens,
           sum(cache_read_tokens) AS cache_read_tokens,
           sum(cache_write_5m_tokens + cache_write_1h_tokens) AS cache_write_tokens,
           sum(cost_usd) AS cost_usd, count(*) FILTER (WHERE cost_usd IS NULL) AS unpriced_calls,
           string_agg(DISTINCT model, ', ' ORDER BY model) AS models
    FROM calls GROUP BY lane_id
),
lanes AS (
    SELECT 'main' AS lane_id, 'main' AS agent_name, NULL::VARCHAR AS description, NULL::VARCHAR AS launched_by,
           NULL::BOOLEAN AS background, 0 AS spawn_depth, span.started_at, span.ended_at,
           CASE WHEN EXISTS (SELECT 1 FROM fact_session_event WHERE session_id = $1 AND event_type = 'failure') THEN 'error'
                WHEN EXISTS (SELECT 1 FROM fact_session_event WHERE session_id = $1 AND event_type IN ('stop', 'end')) THEN 'completed'
                ELSE 'running' END AS status
    FROM session_span span
    WHERE span.started_at IS NOT NULL
    UNION ALL
    SELECT a.agent_id, a.agent_type, coalesce(r.routing_reason, a.description), a.launch_tool_use_id,
           r.run_in_background, a.spawn_depth,
           least(a.started_at, st.first_at, ct.first_at), greatest(a.ended_at, st.last_at, ct.last_at),
           a.end_status
    FROM dim_agent a
    LEFT JOIN fact_routing_decision r ON r.session_id = a.session_id AND r.task_id = a.launch_tool_use_id
    LEFT JOIN step_totals st ON st.lane_id = a.agent_id
    LEFT JOIN call_totals ct ON ct.lane_id = a.agent_id
    WHERE a.session_id = $1
)
SELECT * FROM (
SELECT 'lane' AS kind, l.lane_id, l.agent_name, l.description AS label, l.status, l.started_at, l.ended_at,
       NULL::VARCHAR AS tool_use_id, NULL::VARCHAR AS batch_id, NULL::BIGINT AS batch_size,
       l.launched_by, NULL::VARCHAR AS launches, l.background, l.spawn_depth,
       NULL::VARCHAR AS detail, NULL::VARCHAR AS error,
       coalesce(st.tool_calls, 0) AS tool_calls, coalesce(st.failed_tool_calls, 0) AS failed_tool_calls,
       coalesce(ct.api_calls, 0) AS api_calls, coalesce(ct.input_tokens, 0) AS input_tokens,
       coalesce(ct.output_tokens, 0) AS output_tokens, coalesce(ct.cache_read_tokens, 0) AS cache_read_tokens,
       coalesce(ct.cache_write_tokens, 0) AS cache_write_tokens, ct.cost_usd,
       coalesce(ct.unpriced_calls, 0) AS unpriced_calls, ct.models AS model
FROM lanes l
LEFT JOIN step_totals st USING (lane_id)
LEFT JOIN call_totals ct USING (lane_id)
UNION ALL
SELECT 'tool_call', s.lane_id, s.agent_name, s.tool_name, s.status, s.called_at, s.ended_at,
       s.tool_use_id, s.api_message_id,
       CASE WHEN s.api_message_id IS NULL THEN 1 ELSE count(*) OVER (PARTITION BY s.api_message_id) END,
       NULL, launched.agent_id, NULL, NULL,
       left(coalesce(s.command, s.target_path, s.status_detail), 200), left(s.error_message, 300),
       NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, s.model
FROM steps s
LEFT JOIN dim_agent launched ON launched.session_id = s.session_id AND launched.launch_tool_use_id = s.tool_use_id
UNION ALL
SELECT 'api_call', c.lane_id, c.agent_name, c.model, c.stop_reason, c.called_at, c.called_at,
       NULL, c.message_id, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
       NULL, NULL, 1, c.input_tokens, c.output_tokens, c.cache_read_tokens,
       c.cache_write_5m_tokens + c.cache_write_1h_tokens, c.cost_usd,
       CASE WHEN c.cost_usd IS NULL THEN 1 ELSE 0 END, c.model
FROM calls c
) trace
ORDER BY CASE kind WHEN 'lane' THEN 0 WHEN 'tool_call' THEN 1 ELSE 2 END, started_at, lane_id, tool_use_id;
