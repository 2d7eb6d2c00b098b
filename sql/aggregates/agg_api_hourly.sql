-- agg_api_hourly: api_call_cost summed per session, agent, launching task, model, UTC hour and
-- pricing tier. The reports read these sums instead of every call. All calls of one group share a
-- model and a date, so they are all priced or all unpriced: cost_usd is NULL exactly when the
-- group's calls have no price.
-- grain: session, agent, launching task, model, hour and pricing tier
-- key: session_id, agent_id, task_id, model, call_hour, long_context
SELECT
    session_id,
    agent_id,
    agent_name,
    task_id,
    model,
    date_trunc('hour', called_at)                                           AS call_hour,
    long_context,
    max(priced_as)                                                          AS priced_as,
    count(*)                                                                AS api_calls,
    CAST(sum(input_tokens) AS BIGINT)                                       AS input_tokens,
    CAST(sum(output_tokens) AS BIGINT)                                      AS output_tokens,
    CAST(sum(cache_read_tokens) AS BIGINT)                                  AS cache_read_tokens,
    CAST(sum(cache_write_5m_tokens) AS BIGINT)                              AS cache_write_5m_tokens,
    CAST(sum(cache_write_1h_tokens) AS BIGINT)                              AS cache_write_1h_tokens,
    sum(cost_usd)                                                           AS cost_usd,
    count(*) FILTER (WHERE output_is_lower_bound)                           AS lower_bound_calls,
    min(called_at)                                                          AS first_called_at,
    max(called_at)                                                          AS last_called_at,
    host                                                                    -- the session's machine (one per session)
FROM api_call_cost
WHERE in_scope(session_id)
GROUP BY ALL
ORDER BY call_hour, session_id
