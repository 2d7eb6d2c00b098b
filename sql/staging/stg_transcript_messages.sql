-- stg_transcript_messages: one row per assistant transcript LINE with its usage (a message with
-- text + tool_use is several lines repeating the same full usage; fact_api_call keeps one).
-- grain: assistant transcript line
-- key: session_id, file_key, byte_offset
SELECT
    file_key, byte_offset, session_id, agent_id, workflow_run_id, file_layout, ts, message_id, request_id, model,
    attribution_agent, is_sidechain, stop_reason, input_tokens, output_tokens, cache_read_tokens,
    cache_creation_tokens, cache_write_5m_reported, cache_write_1h_reported, is_api_error
FROM stg_transcript_lines
WHERE line_type = 'assistant' AND message_id IS NOT NULL AND in_scope(session_id)
