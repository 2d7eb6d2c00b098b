-- rpt_usage_daily(since, until, session): seed 002's usage_daily_aggregates: per day (UTC) the
-- sessions started, how many completed (SessionEnd, or ended quietly) or failed, tokens, cost and
-- the cache hit rate. total_cost_usd is the priced sum, never blanked by one unpriced model:
-- unpriced_calls says what it leaves out, unmeasured_sessions the sessions with no transcript.
-- grain: day (UTC)
-- key: date
-- all history: usage_daily_aggregates
WITH s AS (SELECT * FROM rpt_session_rows(since, until, session, machine := machine))
SELECT
    CAST(started_at AS DATE)                                AS date,
    count(*)                                                AS total_tasks,
    count(*) FILTER (WHERE status IN ('COMPLETED', 'ENDED')) AS successful_tasks,
    count(*) FILTER (WHERE status = 'FAILED')               AS failed_tasks,
    sum(total_tokens)                                       AS total_tokens,
    sum(prompt_tokens)                                      AS prompt_tokens,
    sum(completion_tokens)                                  AS completion_tokens,
    round(sum(total_cost_usd), 6)                           AS total_cost_usd,
    sum(unpriced_calls)                                     AS unpriced_calls,
    count(*) FILTER (WHERE missing_reason = 'no transcript') AS unmeasured_sessions,
    round(sum(cache_hits) * 1.0 / nullif(sum(prompt_tokens), 0), 4) AS cache_hit_rate,
    sum(tools_invoked)                                      AS tools_invoked,
    sum(agents_used)                                        AS agents_used
FROM s
GROUP BY CAST(started_at AS DATE)
ORDER BY date DESC
