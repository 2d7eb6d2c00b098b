-- agg_api_hourly: fact_api_call summed per session, agent, launching task, model, UTC hour and
-- pricing tier (long_context: the request's prompt exceeded the model's long-context threshold
-- in dim_model_price_periods). Cost is linear within one such group, so the report macros price these
-- sums exactly; a change of prices changes the build fingerprint and rebuilds this table.
CREATE OR REPLACE TABLE agg_api_hourly AS
SELECT
    c.session_id,
    c.agent_id,
    c.agent_name,
    c.task_id,
    c.model,
    date_trunc('hour', c.called_at)                                         AS call_hour,
    coalesce(c.prompt_tokens > p.long_context_threshold_tokens, false)      AS long_context,
    count(*)                                                                AS api_calls,
    CAST(sum(c.input_tokens) AS BIGINT)                                                     AS input_tokens,
    CAST(sum(c.output_tokens) AS BIGINT)                                                    AS output_tokens,
    CAST(sum(c.cache_read_tokens) AS BIGINT)                                                AS cache_read_tokens,
    CAST(sum(c.cache_write_5m_tokens) AS BIGINT)                                            AS cache_write_5m_tokens,
    CAST(sum(c.cache_write_1h_tokens) AS BIGINT)                                            AS cache_write_1h_tokens,
    min(c.called_at)                                                        AS first_called_at,
    max(c.called_at)                                                        AS last_called_at
FROM fact_api_call c
LEFT JOIN dim_model_price_periods p
       ON p.model = c.model
      AND c.call_date >= p.effective_from
      AND (p.effective_to IS NULL OR c.call_date < p.effective_to)
GROUP BY ALL
ORDER BY call_hour, session_id;
