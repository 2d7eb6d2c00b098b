-- An unknown model is NULL cost, never 0: a call with tokens and a price has a cost > 0, and a
-- call with no price has NULL.
SELECT message_id, model, priced_as, cost_usd FROM v_api_call_cost
WHERE (priced_as IS NULL AND cost_usd IS NOT NULL)
   OR (cost_usd = 0 AND input_tokens + output_tokens + cache_read_tokens + cache_write_5m_tokens + cache_write_1h_tokens > 0
       AND priced_as IS NOT NULL AND (SELECT max(input_usd_per_mtok) FROM dim_model_pricing p WHERE p.model = priced_as) > 0)
