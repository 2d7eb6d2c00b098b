-- rpt_api_call_cost(since, until, session): fact_api_call rows in the window, priced.
-- cost_usd is NULL (never 0) when the model has no price for that date; priced_as names the
-- dim_model_pricing row used. Long-context rates apply when the request's prompt (input + cache
-- read + cache write) exceeds the model's threshold; cache writes and reads are multiples of the
-- input rate in force for that request.
CREATE OR REPLACE MACRO rpt_api_call_cost(since, until, session) AS TABLE
WITH calls AS (
    SELECT * FROM fact_api_call
    WHERE (since IS NULL OR called_at >= since)
      AND (until IS NULL OR called_at < until)
      AND (session IS NULL OR session_id = session)
),
priced AS (
    SELECT c.*, p.priced_as,
           CASE WHEN p.long_context_threshold_tokens IS NOT NULL AND c.prompt_tokens > p.long_context_threshold_tokens
                THEN p.long_context_input_usd_per_mtok ELSE p.input_usd_per_mtok END   AS in_rate,
           CASE WHEN p.long_context_threshold_tokens IS NOT NULL AND c.prompt_tokens > p.long_context_threshold_tokens
                THEN p.long_context_output_usd_per_mtok ELSE p.output_usd_per_mtok END AS out_rate,
           p.cache_write_5m_multiplier, p.cache_write_1h_multiplier, p.cache_read_multiplier
    FROM calls c
    LEFT JOIN dim_model_price_periods p
           ON p.model = c.model
          AND c.call_date >= p.effective_from
          AND (p.effective_to IS NULL OR c.call_date < p.effective_to)
)
SELECT
    session_id, agent_id, agent_name, task_id, message_id, request_id, model, priced_as, stop_reason,
    input_tokens, output_tokens, cache_read_tokens, cache_write_5m_tokens, cache_write_1h_tokens, prompt_tokens,
    (input_tokens * in_rate
     + cache_write_5m_tokens * in_rate * cache_write_5m_multiplier
     + cache_write_1h_tokens * in_rate * cache_write_1h_multiplier
     + cache_read_tokens * in_rate * cache_read_multiplier
     + output_tokens * out_rate) / 1e6                                          AS cost_usd,
    called_at, call_date, record_source
FROM priced;
