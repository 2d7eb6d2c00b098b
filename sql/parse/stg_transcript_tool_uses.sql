-- stg_transcript_tool_uses: one row per tool_use block in an assistant transcript line: which API
-- message (and request) issued which tool call, in which conversation, and its input.
-- grain: tool_use block of a transcript line
-- key: session_id, file_key, byte_offset, tool_use_id
SELECT
    m.session_id,
    m.agent_id,
    m.message_id,
    m.request_id,
    m.ts,
    m.file_key,
    m.byte_offset,
    b.block->>'id'      AS tool_use_id,
    b.block->>'name'    AS tool_name,
    b.block->'input'    AS tool_input
FROM stg_transcript_lines m,
     LATERAL (SELECT unnest(CAST(m.content AS JSON[])) AS block) b
WHERE m.line_type = 'assistant'
  AND m.message_id IS NOT NULL
  AND in_scope(m.session_id)
  AND json_type(m.content) = 'ARRAY'
  AND (b.block->>'type') = 'tool_use'
