-- tg_api_calls: the API calls the task analytics attribute to claims, with their cost — an
-- adapter over the warehouse's priced calls (v_api_call_cost: fact_api_call, one row per call,
-- with its price), so the task models name only the columns they use.
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
    a.cost_usd
FROM v_api_call_cost a;
