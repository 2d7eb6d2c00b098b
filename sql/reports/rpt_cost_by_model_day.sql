-- rpt_cost_by_model_day(since, until, session, machine): one row per day (UTC) and model: API calls, tokens
-- by kind, cost. cost_usd is NULL when any call of that model and day has no price
-- (unpriced_calls > 0). All history reads the daily sums; a window, a session or a machine the hourly ones.
-- grain: day and model
-- key: day, model
-- all history: v_cost_by_model_day
WITH hourly AS (
    SELECT call_date AS day, model, api_calls, input_tokens, output_tokens, cache_read_tokens,
           cache_write_5m_tokens, cache_write_1h_tokens, cost_usd AS priced_cost_usd,
           CASE WHEN cost_usd IS NULL THEN api_calls ELSE 0 END AS unpriced_calls
    FROM rpt_api_cost_hourly(since, until, session, machine := machine)
    WHERE since IS NOT NULL OR until IS NOT NULL OR session IS NOT NULL OR machine IS NOT NULL
),
daily AS (
    SELECT day, model, api_calls, input_tokens, output_tokens, cache_read_tokens,
           cache_write_5m_tokens, cache_write_1h_tokens, priced_cost_usd, unpriced_calls
    FROM agg_api_daily
    WHERE since IS NULL AND until IS NULL AND session IS NULL AND machine IS NULL
),
rows AS (SELECT * FROM hourly UNION ALL SELECT * FROM daily)
SELECT
    day,
    model,
    sum(api_calls)                                  AS api_calls,
    sum(input_tokens)                               AS input_tokens,
    sum(output_tokens)                              AS output_tokens,
    sum(cache_read_tokens)                          AS cache_read_tokens,
    sum(cache_write_5m_tokens)                      AS cache_write_5m_tokens,
    sum(cache_write_1h_tokens)                      AS cache_write_1h_tokens,
    sum(input_tokens + output_tokens + cache_read_tokens + cache_write_5m_tokens + cache_write_1h_tokens) AS total_tokens,
    CASE WHEN sum(unpriced_calls) = 0 THEN round(sum(priced_cost_usd), 6) END AS cost_usd,
    sum(unpriced_calls)                             AS unpriced_calls
FROM rows
GROUP BY day, model
ORDER BY day, model
