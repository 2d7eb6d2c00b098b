-- agg_api_daily: the API calls of each UTC day and model (from agg_api_hourly). Rebuilt per day:
-- a build recomputes the days in which the sessions it rebuilt had calls, before and after.
-- grain: day and model
-- key: day, model
SELECT
    CAST(call_hour AS DATE)                         AS day,
    model,
    sum(api_calls)                                  AS api_calls,
    sum(input_tokens)                               AS input_tokens,
    sum(output_tokens)                              AS output_tokens,
    sum(cache_read_tokens)                          AS cache_read_tokens,
    sum(cache_write_5m_tokens)                      AS cache_write_5m_tokens,
    sum(cache_write_1h_tokens)                      AS cache_write_1h_tokens,
    sum(cost_usd)                                   AS priced_cost_usd,
    coalesce(sum(api_calls) FILTER (WHERE cost_usd IS NULL), 0) AS unpriced_calls,
    max(priced_as)                                  AS priced_as
FROM agg_api_hourly
WHERE in_day_scope(CAST(call_hour AS DATE))
GROUP BY ALL
