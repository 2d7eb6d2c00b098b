-- stg_transcript_messages: one row per assistant transcript LINE with its usage (a message with
-- text + tool_use is several lines repeating the same full usage; fact_api_call keeps one).
CREATE OR REPLACE VIEW stg_transcript_messages AS
SELECT
    l.file_key,
    l.byte_offset,
    l.session_id,
    l.agent_id,
    l.ts,
    l.message_id,
    l.request_id,
    l.line->'message'->>'model'                                                   AS model,
    l.line->>'attributionAgent'                                                   AS attribution_agent,
    coalesce(TRY_CAST(l.line->>'isSidechain' AS BOOLEAN), false)                  AS is_sidechain,
    l.line->'message'->>'stop_reason'                                             AS stop_reason,
    coalesce(TRY_CAST(l.line->'message'->'usage'->>'input_tokens' AS BIGINT), 0)  AS input_tokens,
    coalesce(TRY_CAST(l.line->'message'->'usage'->>'output_tokens' AS BIGINT), 0) AS output_tokens,
    coalesce(TRY_CAST(l.line->'message'->'usage'->>'cache_read_input_tokens' AS BIGINT), 0) AS cache_read_tokens,
    coalesce(TRY_CAST(l.line->'message'->'usage'->>'cache_creation_input_tokens' AS BIGINT), 0) AS cache_creation_tokens,
    TRY_CAST(l.line->'message'->'usage'->'cache_creation'->>'ephemeral_5m_input_tokens' AS BIGINT) AS cache_write_5m_reported,
    TRY_CAST(l.line->'message'->'usage'->'cache_creation'->>'ephemeral_1h_input_tokens' AS BIGINT) AS cache_write_1h_reported,
    coalesce(TRY_CAST(l.line->>'isApiErrorMessage' AS BOOLEAN), false)           AS is_api_error
FROM raw_transcript_lines l
WHERE l.line_type = 'assistant' AND l.message_id IS NOT NULL;
