-- rpt_sessions(since, until, session): one row per session, in the manner of seed 002's
-- task_executions: when, how it ended, turns, agents, tools, tokens, cost, cache hit ratio
-- (cache reads / all prompt tokens), and where its facts came from.
--   status       FAILED (a turn ended on an API error) · COMPLETED (SessionEnd) · ENDED (no end
--                event, and quiet for over an hour: a session known from transcripts only, or whose
--                SessionEnd was lost) · RUNNING. "Quiet" is measured against now (for the all-history
--                table v_session_summary: its build time).
--   turns        the hooks' Stop events, or the transcript's prompts when it has more (hooks missed)
--   tokens, cost NULL when nothing was measured (missing_reason 'no transcript'). total_cost_usd is
--                the priced sum; unpriced_calls counts the calls without a price (missing_reason
--                'unpriced model'), NULL only when no call could be priced
--   facts_source hooks | transcripts | both; completeness says what the missing source leaves out
--   output_lower_bound_calls  API calls whose output is a streaming start value (fact_api_call)
-- Sums are cast back to BIGINT (and the cost to DECIMAL(18,6)): DuckDB's sum of BIGINT is a
-- HUGEINT, which clients convert ~10x slower per value (`SELECT *` of 20,000 sessions: 133 ms with
-- nine HUGEINT columns) and many tools cannot read at all.
-- grain: session
-- key: session_id
-- all history: v_session_summary
WITH ev AS (
    SELECT session_id,
           min(event_at) AS first_event_at, max(event_at) AS last_event_at,
           max(event_at) FILTER (WHERE event_type = 'end')    AS ended_at,
           count(*) FILTER (WHERE event_type = 'stop')        AS stops,
           count(*) FILTER (WHERE event_type = 'failure')     AS failures,
           count(*) FILTER (WHERE event_type = 'compaction' AND hook_event = 'PostCompact') AS hook_compactions,
           max(host)                                          AS host
    FROM fact_session_event
    WHERE (since IS NULL OR event_at >= since) AND (until IS NULL OR event_at < until)
      AND (session IS NULL OR session_id = session)
      AND (machine IS NULL OR host = machine)
    GROUP BY session_id
),
steps AS (
    SELECT session_id,
           min(first_called_at) AS first_step_at, max(last_finished_at) AS last_step_at,
           sum(steps) AS tools_invoked,
           coalesce(sum(steps) FILTER (WHERE status <> 'success'), 0) AS tools_failed,
           coalesce(sum(steps) FILTER (WHERE source = 'hooks'), 0) AS steps_hooks_only,
           coalesce(sum(steps) FILTER (WHERE source = 'transcript'), 0) AS steps_transcript_only
    FROM agg_step_hourly
    WHERE (since IS NULL OR call_hour >= since) AND (until IS NULL OR call_hour < until)
      AND (session IS NULL OR session_id = session)
      AND (machine IS NULL OR host = machine)
    GROUP BY session_id
),
calls AS (
    SELECT session_id,
           min(first_called_at) AS first_call_at, max(last_called_at) AS last_call_at,
           sum(api_calls) AS api_calls,
           sum(input_tokens) AS input_tokens, sum(output_tokens) AS output_tokens,
           sum(cache_read_tokens) AS cache_read_tokens,
           sum(cache_write_5m_tokens + cache_write_1h_tokens) AS cache_write_tokens,
           sum(cost_usd) AS cost_usd,
           coalesce(sum(api_calls) FILTER (WHERE cost_usd IS NULL), 0) AS unpriced_calls,
           sum(lower_bound_calls) AS lower_bound_calls,
           string_agg(DISTINCT model, ', ' ORDER BY model) AS models
    FROM rpt_api_cost_hourly(since, until, session, machine := machine)
    GROUP BY session_id
),
agents AS (
    SELECT session_id, count(*) FILTER (WHERE NOT is_compaction) AS agents_used,
           count(*) FILTER (WHERE is_compaction) AS compaction_agents
    FROM dim_agent
    WHERE (since IS NULL OR started_at >= since) AND (until IS NULL OR started_at < until)
      AND (session IS NULL OR session_id = session)
      AND (machine IS NULL OR host = machine)
    GROUP BY session_id
),
src AS (
    SELECT * FROM agg_session_sources
    WHERE (session IS NULL OR session_id = session)
      AND (machine IS NULL OR session_id IN (SELECT session_id FROM stg_session_hosts WHERE host = machine))
      AND (since IS NULL OR greatest(last_hook_at, last_line_at) >= since)
      AND (until IS NULL OR least(first_hook_at, first_line_at) < until)
),
as_of AS (   -- "quiet" is measured against now (UTC; the build time for the all-history table) or the
            -- newest data if later: weeks-old transcripts imported today read as ended, not RUNNING
    SELECT greatest((SELECT max(greatest(last_hook_at, last_line_at)) FROM agg_session_sources),
                    CAST(timezone('UTC', now()) AS TIMESTAMP)) AS at
),
-- one pass: each CTE is read once (a UNION of ids plus three joins read them twice: ~3x slower)
joined AS (
    SELECT *
    FROM ev
    FULL OUTER JOIN steps USING (session_id)
    FULL OUTER JOIN calls USING (session_id)
    FULL OUTER JOIN src USING (session_id)
),
s AS (
    SELECT joined.*,
           least(first_event_at, first_step_at, first_call_at, first_line_at)  AS started_at,
           greatest(last_event_at, last_step_at, last_call_at, last_line_at)   AS last_activity_at,
           coalesce(transcript_lines, 0) = 0 AND coalesce(api_calls, 0) = 0    AS unmeasured
    FROM joined
    WHERE coalesce(first_event_at, first_step_at, first_call_at, first_line_at) IS NOT NULL
)
SELECT
    s.session_id,
    s.started_at,
    coalesce(s.ended_at, s.last_activity_at)                               AS completed_at,
    CASE WHEN coalesce(s.failures, 0) > 0 THEN 'FAILED'
         WHEN s.ended_at IS NOT NULL THEN 'COMPLETED'
         WHEN s.last_activity_at < as_of.at - INTERVAL 1 HOUR THEN 'ENDED'
         ELSE 'RUNNING' END                                                 AS status,
    CAST(date_diff('millisecond', s.started_at, coalesce(s.ended_at, s.last_activity_at)) AS BIGINT) AS duration_ms,
    greatest(coalesce(s.stops, 0), coalesce(s.prompts, 0))                 AS turns,
    coalesce(agents.agents_used, 0)                                         AS agents_used,
    CAST(coalesce(s.tools_invoked, 0) AS BIGINT)                           AS tools_invoked,
    CAST(coalesce(s.tools_failed, 0) AS BIGINT)                            AS tools_failed,
    CAST(coalesce(s.api_calls, 0) AS BIGINT)                               AS api_calls,
    CAST(CASE WHEN NOT s.unmeasured THEN coalesce(s.input_tokens, 0) + coalesce(s.cache_read_tokens, 0) + coalesce(s.cache_write_tokens, 0) END AS BIGINT) AS prompt_tokens,
    CAST(CASE WHEN NOT s.unmeasured THEN coalesce(s.output_tokens, 0) END AS BIGINT) AS completion_tokens,
    CAST(CASE WHEN NOT s.unmeasured THEN coalesce(s.input_tokens, 0) + coalesce(s.cache_read_tokens, 0) + coalesce(s.cache_write_tokens, 0)
        + coalesce(s.output_tokens, 0) END AS BIGINT)                      AS total_tokens,
    CAST(CASE WHEN s.unmeasured THEN NULL
         WHEN coalesce(s.api_calls, 0) = 0 THEN 0
         WHEN s.unpriced_calls = s.api_calls THEN NULL
         ELSE round(coalesce(s.cost_usd, 0), 6) END AS DECIMAL(18, 6))    AS total_cost_usd,
    CAST(coalesce(s.unpriced_calls, 0) AS BIGINT)                          AS unpriced_calls,
    CASE WHEN s.unmeasured THEN 'no transcript'
         WHEN coalesce(s.unpriced_calls, 0) > 0 THEN 'unpriced model' END  AS missing_reason,
    CAST(CASE WHEN NOT s.unmeasured THEN coalesce(s.cache_read_tokens, 0) END AS BIGINT) AS cache_hits,
    round(s.cache_read_tokens * 1.0 / nullif(s.input_tokens + s.cache_read_tokens + s.cache_write_tokens, 0), 4) AS cache_hit_ratio,
    s.models,
    greatest(coalesce(s.hook_compactions, 0), coalesce(s.compact_boundaries, 0), coalesce(agents.compaction_agents, 0)) AS compactions,
    coalesce(sh.host, s.host)                                              AS host,
    CASE WHEN coalesce(s.hook_events, 0) > 0 AND coalesce(s.transcript_lines, 0) > 0 THEN 'both'
         WHEN coalesce(s.transcript_lines, 0) > 0 THEN 'transcripts' ELSE 'hooks' END AS facts_source,
    CASE WHEN coalesce(s.hook_events, 0) = 0 THEN 'transcripts only: no hook timings, tool outcomes from tool results'
         WHEN coalesce(s.transcript_lines, 0) = 0 THEN 'hooks only: tokens and cost unmeasured (no transcript)'
         WHEN coalesce(s.steps_hooks_only, 0) + coalesce(s.steps_transcript_only, 0) > 0
              THEN 'both, ' || coalesce(s.steps_hooks_only, 0) || ' tool calls seen by hooks only, ' || coalesce(s.steps_transcript_only, 0) || ' by transcripts only'
         ELSE 'complete' END                                                AS completeness,
    CAST(coalesce(s.lower_bound_calls, 0) AS BIGINT)                       AS output_lower_bound_calls
FROM s
CROSS JOIN as_of
LEFT JOIN agents USING (session_id)
LEFT JOIN stg_session_hosts sh USING (session_id)
ORDER BY s.started_at DESC NULLS LAST, s.session_id
