-- rpt_cost_by_model_day: one row per day (UTC) and model: API calls, tokens by kind, cost.
-- cost_usd is NULL when any call of that model and day has no price (unpriced_calls > 0).
CREATE OR REPLACE MACRO rpt_cost_by_model_day(since, until, session) AS TABLE
SELECT
    call_date                                       AS day,
    model,
    sum(api_calls)                                  AS api_calls,
    sum(input_tokens)                               AS input_tokens,
    sum(output_tokens)                              AS output_tokens,
    sum(cache_read_tokens)                          AS cache_read_tokens,
    sum(cache_write_5m_tokens)                      AS cache_write_5m_tokens,
    sum(cache_write_1h_tokens)                      AS cache_write_1h_tokens,
    sum(input_tokens + output_tokens + cache_read_tokens + cache_write_5m_tokens + cache_write_1h_tokens) AS total_tokens,
    CASE WHEN sum(api_calls) FILTER (WHERE cost_usd IS NULL) IS NULL THEN round(sum(cost_usd), 6) END AS cost_usd,
    coalesce(sum(api_calls) FILTER (WHERE cost_usd IS NULL), 0) AS unpriced_calls
FROM rpt_api_cost_hourly(since, until, session)
GROUP BY call_date, model
ORDER BY day, model;
