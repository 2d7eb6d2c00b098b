-- stg_transcript_messages: one row per assistant transcript LINE with its usage (a message with
-- text + tool_use is several lines repeating the same full usage; fact_api_call keeps one).
-- The line is parsed once (json_transform), not once per field.
-- grain: assistant transcript line
-- key: session_id, file_key, byte_offset
WITH parsed AS (
    SELECT
        l.file_key, l.byte_offset, l.session_id, l.agent_id, l.ts, l.message_id, l.request_id,
        json_transform(l.line, '{
            "attributionAgent": "VARCHAR", "isSidechain": "VARCHAR", "isApiErrorMessage": "VARCHAR",
            "message": {"model": "VARCHAR", "stop_reason": "VARCHAR",
                        "usage": {"input_tokens": "VARCHAR", "output_tokens": "VARCHAR",
                                  "cache_read_input_tokens": "VARCHAR", "cache_creation_input_tokens": "VARCHAR",
                                  "cache_creation": {"ephemeral_5m_input_tokens": "VARCHAR", "ephemeral_1h_input_tokens": "VARCHAR"}}}}') AS j
    FROM raw_transcript_lines l
    WHERE l.line_type = 'assistant' AND l.message_id IS NOT NULL AND in_scope(l.session_id)
)
SELECT
    file_key,
    byte_offset,
    session_id,
    agent_id,
    ts,
    message_id,
    request_id,
    j.message.model                                                             AS model,
    j.attributionAgent                                                          AS attribution_agent,
    coalesce(TRY_CAST(j.isSidechain AS BOOLEAN), false)                         AS is_sidechain,
    j.message.stop_reason                                                       AS stop_reason,
    coalesce(TRY_CAST(j.message.usage.input_tokens AS BIGINT), 0)               AS input_tokens,
    coalesce(TRY_CAST(j.message.usage.output_tokens AS BIGINT), 0)              AS output_tokens,
    coalesce(TRY_CAST(j.message.usage.cache_read_input_tokens AS BIGINT), 0)    AS cache_read_tokens,
    coalesce(TRY_CAST(j.message.usage.cache_creation_input_tokens AS BIGINT), 0) AS cache_creation_tokens,
    TRY_CAST(j.message.usage.cache_creation.ephemeral_5m_input_tokens AS BIGINT) AS cache_write_5m_reported,
    TRY_CAST(j.message.usage.cache_creation.ephemeral_1h_input_tokens AS BIGINT) AS cache_write_1h_reported,
    coalesce(TRY_CAST(j.isApiErrorMessage AS BOOLEAN), false)                   AS is_api_error
FROM parsed
