-- rpt_api_cost_hourly(since, until, session): agg_api_hourly in the window (by the hour), priced.
-- cost_usd is NULL (never 0) when the model has no price for that day. The reports build on this.
CREATE OR REPLACE MACRO rpt_api_cost_hourly(since, until, session) AS TABLE
SELECT
    a.*,
    CAST(a.call_hour AS DATE)                                                 AS call_date,
    p.priced_as,
    (a.input_tokens * r.in_rate
     + a.cache_write_5m_tokens * r.in_rate * p.cache_write_5m_multiplier
     + a.cache_write_1h_tokens * r.in_rate * p.cache_write_1h_multiplier
     + a.cache_read_tokens * r.in_rate * p.cache_read_multiplier
     + a.output_tokens * r.out_rate) / 1e6                                    AS cost_usd
FROM agg_api_hourly a
LEFT JOIN dim_model_price_periods p
       ON p.model = a.model
      AND CAST(a.call_hour AS DATE) >= p.effective_from
      AND (p.effective_to IS NULL OR CAST(a.call_hour AS DATE) < p.effective_to),
LATERAL (SELECT
    CASE WHEN a.long_context THEN p.long_context_input_usd_per_mtok ELSE p.input_usd_per_mtok END  AS in_rate,
    CASE WHEN a.long_context THEN p.long_context_output_usd_per_mtok ELSE p.output_usd_per_mtok END AS out_rate) r
WHERE (since IS NULL OR a.call_hour >= since)
  AND (until IS NULL OR a.call_hour < until)
  AND (session IS NULL OR a.session_id = session);
