-- stg_transcript_tool_results: one row per tool_result block in a user transcript line: how the
-- tool call ended as the model was told (is_error and the text), with the line's toolUseResult
-- (the same object PostToolUse carries; for Task/Agent: status, agentId, usage of the subagent's
-- last API call) and toolDenialKind (2.1.330: permission-rule, user-rejected).
-- grain: tool_result block of a transcript line
-- key: session_id, file_key, byte_offset, tool_use_id
SELECT
    u.session_id,
    u.agent_id,
    u.ts,
    u.file_key,
    u.byte_offset,
    b.block->>'tool_use_id'                                                 AS tool_use_id,
    coalesce(TRY_CAST(b.block->>'is_error' AS BOOLEAN), false)              AS is_error,
    CASE WHEN json_type(b.block->'content') = 'ARRAY'
         THEN array_to_string(list_transform(CAST(b.block->'content' AS JSON[]), lambda x: coalesce(x->>'text', '')), '\n')
         ELSE b.block->>'content' END                                       AS result_text,
    u.tool_use_result,
    u.tool_denial_kind
FROM stg_transcript_lines u,
     LATERAL (SELECT unnest(CAST(u.content AS JSON[])) AS block) b
WHERE u.line_type = 'user'
  AND in_scope(u.session_id)
  AND json_type(u.content) = 'ARRAY'
  AND (b.block->>'type') = 'tool_result'
