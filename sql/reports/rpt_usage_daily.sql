-- rpt_usage_daily: seed 002's usage_daily_aggregates: per day (UTC), sessions started, how many
-- completed or failed, tokens, cost and the cache hit rate.
-- grain: day (UTC)
-- key: date
-- all history: usage_daily_aggregates
WITH s AS (SELECT * FROM rpt_sessions(since, until, session, machine := machine))
SELECT
    CAST(started_at AS DATE)                                AS date,
    count(*)                                                AS total_tasks,
    count(*) FILTER (WHERE status = 'COMPLETED')            AS successful_tasks,
    count(*) FILTER (WHERE status = 'FAILED')               AS failed_tasks,
    sum(total_tokens)                                       AS total_tokens,
    sum(prompt_tokens)                                      AS prompt_tokens,
    sum(completion_tokens)                                  AS completion_tokens,
    CASE WHEN count(*) FILTER (WHERE total_cost_usd IS NULL) = 0 THEN round(sum(total_cost_usd), 6) END AS total_cost_usd,
    round(sum(cache_hits) * 1.0 / nullif(sum(prompt_tokens), 0), 4) AS cache_hit_rate,
    sum(tools_invoked)                                      AS tools_invoked,
    sum(agents_used)                                        AS agents_used
FROM s
GROUP BY CAST(started_at AS DATE)
ORDER BY date DESC
