-- api_call_cost: every API call (fact_api_call) with its price: the dim_model_pricing row in force
-- on the call's date (priced_as names it) and its cost in USD. cost_usd is NULL, never 0, when the
-- model has no price for that date. Long-context rates apply to the whole request when its prompt
-- (input + cache read + cache write) exceeds the model's threshold; cache writes and reads are
-- multiples of the input rate in force for that request. A change of prices rebuilds every row.
-- grain: API call (message id + request id)
-- key: session_id, message_id, request_id
WITH priced AS (
    SELECT c.*, p.priced_as,
           coalesce(c.prompt_tokens > p.long_context_threshold_tokens, false)     AS long_context,
           CASE WHEN c.prompt_tokens > p.long_context_threshold_tokens
                THEN p.long_context_input_usd_per_mtok ELSE p.input_usd_per_mtok END   AS in_rate,
           CASE WHEN c.prompt_tokens > p.long_context_threshold_tokens
                THEN p.long_context_output_usd_per_mtok ELSE p.output_usd_per_mtok END AS out_rate,
           p.cache_write_5m_multiplier, p.cache_write_1h_multiplier, p.cache_read_multiplier
    FROM fact_api_call c
    LEFT JOIN dim_model_price_periods p
           ON p.model = c.model
          AND c.call_date >= p.effective_from
          AND (p.effective_to IS NULL OR c.call_date < p.effective_to)
    WHERE in_scope(c.session_id)
)
SELECT
    session_id, agent_id, agent_name, task_id, message_id, request_id, model, priced_as, stop_reason,
    input_tokens, output_tokens, cache_read_tokens, cache_write_5m_tokens, cache_write_1h_tokens, prompt_tokens,
    long_context,
    output_is_lower_bound,
    output_corrected,
    -- DECIMAL, not DOUBLE: every total over these costs is then an exact sum, the same in whatever
    -- order the rows are added. In DOUBLE, an incremental build (which adds a session's calls in
    -- another order than a full rebuild) gave $0.059879 where the rebuild gave $0.059878
    -- (test/warehouse/incremental.property.test.ts, seed -1076725916). 12 places: a billionth of a cent.
    CAST((input_tokens * in_rate
     + cache_write_5m_tokens * in_rate * cache_write_5m_multiplier
     + cache_write_1h_tokens * in_rate * cache_write_1h_multiplier
     + cache_read_tokens * in_rate * cache_read_multiplier
     + output_tokens * out_rate) / 1e6 AS DECIMAL(18, 12))                      AS cost_usd,
    called_at, call_date, record_source, host
FROM priced
