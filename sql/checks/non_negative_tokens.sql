-- Token counts are never negative (a bad cache_creation split would show here).
-- scope: sessions (each row names its session; an incremental build checks the sessions it rebuilt)
SELECT session_id, message_id, input_tokens, output_tokens, cache_read_tokens, cache_write_5m_tokens, cache_write_1h_tokens
FROM fact_api_call
WHERE in_scope(session_id)
  AND (input_tokens < 0 OR output_tokens < 0 OR cache_read_tokens < 0 OR cache_write_5m_tokens < 0 OR cache_write_1h_tokens < 0)
