-- tg_api_calls: the API calls the task analytics attribute to claims, with their cost — an
-- adapter over fact_api_call and the warehouse's pricing (v_api_call_cost), so the task
-- models name only the columns they use.
CREATE OR REPLACE VIEW tg_api_calls AS
SELECT
    a.message_id || ':' || coalesce(a.request_id, '')                   AS item_key,          -- one API call
    a.session_id,
    a.agent_id,
    a.agent_name,
    a.model,
    a.called_at,
    a.input_tokens,
    a.output_tokens,
    a.cache_read_tokens,
    a.cache_write_5m_tokens + a.cache_write_1h_tokens                   AS cache_write_tokens,
    a.input_tokens + a.output_tokens + a.cache_read_tokens
        + a.cache_write_5m_tokens + a.cache_write_1h_tokens             AS total_tokens,
    c.cost_usd
FROM fact_api_call a
LEFT JOIN v_api_call_cost c ON c.message_id = a.message_id AND coalesce(c.request_id, '') = coalesce(a.request_id, '');
