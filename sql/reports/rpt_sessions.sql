-- rpt_sessions: one row per session, in the manner of seed 002's task_executions: when, how it
-- ended, tokens, cost (NULL when any call is unpriced), duration, agents used, tools invoked and
-- the cache hit ratio (cache reads / all prompt tokens).
CREATE OR REPLACE MACRO rpt_sessions(since, until, session) AS TABLE
WITH ev AS (
    SELECT session_id,
           min(event_at) AS first_event_at, max(event_at) AS last_event_at,
           max(event_at) FILTER (WHERE event_type = 'end')    AS ended_at,
           count(*) FILTER (WHERE event_type = 'stop')        AS turns,
           count(*) FILTER (WHERE event_type = 'failure')     AS failures,
           count(*) FILTER (WHERE event_type = 'compaction' AND hook_event = 'PostCompact') AS compactions,
           max(host)                                          AS host
    FROM fact_session_event
    WHERE (since IS NULL OR event_at >= since) AND (until IS NULL OR event_at < until)
      AND (session IS NULL OR session_id = session)
    GROUP BY session_id
),
steps AS (
    SELECT session_id,
           min(called_at) AS first_step_at, max(coalesce(finished_at, called_at)) AS last_step_at,
           count(*) AS tools_invoked,
           count(*) FILTER (WHERE status <> 'success') AS tools_failed
    FROM fact_execution_step
    WHERE (since IS NULL OR called_at >= since) AND (until IS NULL OR called_at < until)
      AND (session IS NULL OR session_id = session)
    GROUP BY session_id
),
calls AS (
    SELECT session_id,
           min(called_at) AS first_call_at, max(called_at) AS last_call_at,
           count(*) AS api_calls,
           sum(input_tokens) AS input_tokens, sum(output_tokens) AS output_tokens,
           sum(cache_read_tokens) AS cache_read_tokens,
           sum(cache_write_5m_tokens + cache_write_1h_tokens) AS cache_write_tokens,
           sum(cost_usd) AS cost_usd,
           count(*) FILTER (WHERE cost_usd IS NULL) AS unpriced_calls,
           string_agg(DISTINCT model, ', ' ORDER BY model) AS models
    FROM rpt_api_call_cost(since, until, session)
    GROUP BY session_id
),
agents AS (
    SELECT session_id, count(*) AS agents_used
    FROM dim_agent
    WHERE NOT is_compaction
      AND (since IS NULL OR started_at >= since) AND (until IS NULL OR started_at < until)
      AND (session IS NULL OR session_id = session)
    GROUP BY session_id
),
ids AS (SELECT session_id FROM ev UNION SELECT session_id FROM steps UNION SELECT session_id FROM calls),
spans AS (
    SELECT ids.session_id,
           least(ev.first_event_at, steps.first_step_at, calls.first_call_at)  AS started_at,
           greatest(ev.last_event_at, steps.last_step_at, calls.last_call_at)  AS last_activity_at
    FROM ids
    LEFT JOIN ev USING (session_id) LEFT JOIN steps USING (session_id) LEFT JOIN calls USING (session_id)
)
SELECT
    s.session_id,
    s.started_at,
    coalesce(ev.ended_at, s.last_activity_at)                               AS completed_at,
    CASE WHEN coalesce(ev.failures, 0) > 0 THEN 'FAILED'
         WHEN ev.ended_at IS NOT NULL THEN 'COMPLETED'
         ELSE 'RUNNING' END                                                 AS status,
    CAST(date_diff('millisecond', s.started_at, coalesce(ev.ended_at, s.last_activity_at)) AS BIGINT) AS duration_ms,
    coalesce(ev.turns, 0)                                                   AS turns,
    coalesce(agents.agents_used, 0)                                         AS agents_used,
    coalesce(steps.tools_invoked, 0)                                        AS tools_invoked,
    coalesce(steps.tools_failed, 0)                                         AS tools_failed,
    coalesce(calls.api_calls, 0)                                            AS api_calls,
    coalesce(calls.input_tokens, 0) + coalesce(calls.cache_read_tokens, 0) + coalesce(calls.cache_write_tokens, 0) AS prompt_tokens,
    coalesce(calls.output_tokens, 0)                                        AS completion_tokens,
    coalesce(calls.input_tokens, 0) + coalesce(calls.cache_read_tokens, 0) + coalesce(calls.cache_write_tokens, 0)
        + coalesce(calls.output_tokens, 0)                                  AS total_tokens,
    CASE WHEN coalesce(calls.unpriced_calls, 0) = 0 THEN round(coalesce(calls.cost_usd, 0), 6) END AS total_cost_usd,
    coalesce(calls.cache_read_tokens, 0)                                    AS cache_hits,
    round(calls.cache_read_tokens * 1.0 / nullif(calls.input_tokens + calls.cache_read_tokens + calls.cache_write_tokens, 0), 4) AS cache_hit_ratio,
    calls.models,
    coalesce(ev.compactions, 0)                                             AS compactions,
    ev.host
FROM spans s
LEFT JOIN ev USING (session_id)
LEFT JOIN steps USING (session_id)
LEFT JOIN calls USING (session_id)
LEFT JOIN agents USING (session_id)
ORDER BY s.started_at DESC NULLS LAST, s.session_id;
