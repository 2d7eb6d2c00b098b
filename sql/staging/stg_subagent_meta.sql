-- stg_subagent_meta: subagents/agent-<id>.meta.json fields as columns.
-- grain: subagent meta.json file
-- key: session_id, agent_id
SELECT
    session_id,
    agent_id,
    meta->>'agentType'                          AS agent_type,
    meta->>'description'                        AS description,
    meta->>'toolUseId'                          AS launch_tool_use_id,
    TRY_CAST(meta->>'spawnDepth' AS INTEGER)    AS spawn_depth,
    meta->>'model'                              AS model,
    TRY_CAST(meta->>'finished' AS BOOLEAN)      AS finished
FROM raw_transcript_subagent_meta
WHERE in_scope(session_id)
