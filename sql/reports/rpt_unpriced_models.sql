-- rpt_unpriced_models: models whose calls have no price (cost NULL, never 0): add them to
-- <data dir>/pricing.json. Empty when everything is priced.
-- grain: model without a price
-- key: model
-- all history: v_unpriced_models
SELECT
    model,
    sum(api_calls)                                  AS api_calls,
    sum(input_tokens + output_tokens + cache_read_tokens + cache_write_5m_tokens + cache_write_1h_tokens) AS total_tokens,
    min(call_date)                                  AS first_day,
    max(call_date)                                  AS last_day,
    CASE WHEN max(priced_as) IS NULL THEN 'no price for this model' ELSE 'no price in effect on these dates' END AS reason
FROM rpt_api_cost_hourly(since, until, session, machine := machine)
WHERE cost_usd IS NULL
GROUP BY model
ORDER BY api_calls DESC, model
