-- stg_transcript_lines: every transcript line with the fields the facts read, parsed once
-- (json_transform), and the conversation it belongs to:
--   agent_id  the subagent: the line's agentId, its file's (subagents/agent-<id>.jsonl, pre-2.1
--             agent-<id>.jsonl beside the sessions, subagents/workflows/<run>/agent-<id>.jsonl),
--             or for Claude Code 1.0.x's inline subagents (isSidechain lines in the session file,
--             no agentId) 'sidechain-' + the uuid of the chain's first line, found by walking
--             parentUuid down from each chain's root. NULL: the main thread.
--   workflow_run_id  the dynamic workflow run a subagent file belongs to.
--   file_layout  session (the session's own file) | subagents (<session>/subagents/…) |
--             beside_session (pre-2.1 agent-<id>.jsonl next to the session files).
-- grain: transcript line
-- key: session_id, file_key, byte_offset
-- lines is MATERIALIZED: read by `inline` and by the final SELECT, json_transform would run twice (~2x).
WITH RECURSIVE lines AS MATERIALIZED (
    SELECT
        l.file_key, l.byte_offset, l.session_id, l.agent_id AS line_agent_id, l.line_type, l.ts, l.message_id, l.request_id,
        f.agent_id AS file_agent_id, f.path,
        -- only the line types the facts read are parsed (progress lines are ~half the lines of 2.1 files)
        CASE WHEN l.line_type IN ('user', 'assistant', 'system') THEN json_transform(l.line, '{
            "uuid": "VARCHAR", "parentUuid": "VARCHAR", "isSidechain": "VARCHAR", "isMeta": "VARCHAR",
            "isCompactSummary": "VARCHAR", "subtype": "VARCHAR", "attributionAgent": "VARCHAR",
            "isApiErrorMessage": "VARCHAR", "toolDenialKind": "VARCHAR", "toolUseResult": "JSON",
            "compactMetadata": {"trigger": "VARCHAR", "preTokens": "VARCHAR"},
            "message": {"role": "VARCHAR", "model": "VARCHAR", "stop_reason": "VARCHAR", "content": "JSON",
                        "usage": {"input_tokens": "VARCHAR", "output_tokens": "VARCHAR",
                                  "cache_read_input_tokens": "VARCHAR", "cache_creation_input_tokens": "VARCHAR",
                                  "cache_creation": {"ephemeral_5m_input_tokens": "VARCHAR", "ephemeral_1h_input_tokens": "VARCHAR"}}}}') END AS j
    FROM raw_transcript_lines l
    LEFT JOIN raw_transcript_files f USING (file_key)
    WHERE in_scope(l.session_id)
),
inline AS (   -- 1.0.x: sidechain lines written in the session's own file, without an agent id
    SELECT session_id, j.uuid AS uuid, j.parentUuid AS parent_uuid
    FROM lines
    WHERE line_agent_id IS NULL AND file_agent_id IS NULL AND TRY_CAST(j.isSidechain AS BOOLEAN) AND j.uuid IS NOT NULL
),
chains(session_id, uuid, agent_id) AS (
    SELECT c.session_id, c.uuid, 'sidechain-' || c.uuid
    FROM inline c
    WHERE NOT EXISTS (SELECT 1 FROM inline p WHERE p.session_id = c.session_id AND p.uuid = c.parent_uuid)
    UNION
    SELECT c.session_id, c.uuid, ch.agent_id
    FROM chains ch JOIN inline c ON c.session_id = ch.session_id AND c.parent_uuid = ch.uuid
)
SELECT
    l.file_key,
    l.byte_offset,
    l.session_id,
    coalesce(l.line_agent_id, l.file_agent_id, ch.agent_id)                         AS agent_id,
    nullif(regexp_extract(l.path, '/subagents/workflows/([^/]+)/[^/]+$', 1), '')    AS workflow_run_id,
    CASE WHEN l.path LIKE '%/subagents/%' THEN 'subagents' WHEN l.file_agent_id IS NOT NULL THEN 'beside_session'
         ELSE 'session' END                                                         AS file_layout,
    l.line_type,
    l.j.subtype                                                                     AS subtype,
    l.ts,
    l.j.uuid                                                                        AS uuid,
    l.j.parentUuid                                                                  AS parent_uuid,
    coalesce(TRY_CAST(l.j.isSidechain AS BOOLEAN), false)                           AS is_sidechain,
    coalesce(TRY_CAST(l.j.isMeta AS BOOLEAN), false)                                AS is_meta,
    coalesce(TRY_CAST(l.j.isCompactSummary AS BOOLEAN), false)                      AS is_compact_summary,
    l.message_id,
    l.request_id,
    l.j.message.role                                                                AS role,
    l.j.message.model                                                               AS model,
    l.j.message.stop_reason                                                         AS stop_reason,
    l.j.message.content                                                             AS content,
    l.j.attributionAgent                                                            AS attribution_agent,
    coalesce(TRY_CAST(l.j.isApiErrorMessage AS BOOLEAN), false)                     AS is_api_error,
    l.j.toolUseResult                                                               AS tool_use_result,
    l.j.toolDenialKind                                                              AS tool_denial_kind,
    l.j.compactMetadata."trigger"                                                   AS compact_trigger,
    TRY_CAST(l.j.compactMetadata.preTokens AS BIGINT)                               AS compact_pre_tokens,
    coalesce(TRY_CAST(l.j.message.usage.input_tokens AS BIGINT), 0)                 AS input_tokens,
    coalesce(TRY_CAST(l.j.message.usage.output_tokens AS BIGINT), 0)                AS output_tokens,
    coalesce(TRY_CAST(l.j.message.usage.cache_read_input_tokens AS BIGINT), 0)      AS cache_read_tokens,
    coalesce(TRY_CAST(l.j.message.usage.cache_creation_input_tokens AS BIGINT), 0)  AS cache_creation_tokens,
    TRY_CAST(l.j.message.usage.cache_creation.ephemeral_5m_input_tokens AS BIGINT)  AS cache_write_5m_reported,
    TRY_CAST(l.j.message.usage.cache_creation.ephemeral_1h_input_tokens AS BIGINT)  AS cache_write_1h_reported
FROM lines l
-- one chain per line (a uuid seen twice must not double the line); agent ids of the line or file come first
LEFT JOIN (SELECT session_id, uuid, min(agent_id) AS agent_id FROM chains GROUP BY ALL) ch ON ch.session_id = l.session_id AND ch.uuid = l.j.uuid
