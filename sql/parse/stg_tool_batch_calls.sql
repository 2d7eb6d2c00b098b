-- stg_tool_batch_calls: one row per entry of a PostToolBatch (every tool call of one assistant
-- message, including denied, hook-blocked and input-rejected calls, with the text the model got back).
-- grain: tool call as its PostToolBatch reported it
-- key: session_id, event_id, position_in_batch
SELECT
    b.event_id,
    b.ts,
    b.session_id,
    b.agent_id,
    b.agent_type,
    b.prompt_id,
    c.call->>'tool_use_id'                      AS tool_use_id,
    c.call->>'tool_name'                        AS tool_name,
    c.call->'tool_input'                        AS tool_input,
    -- a string for most tools, an array of text blocks for Agent: keep it as text either way
    c.call->>'tool_response'                    AS response_text,
    c.position                                  AS position_in_batch
FROM stg_hook_events b,
     LATERAL (SELECT unnest(CAST(b.tool_calls AS JSON[])) AS call,
                     generate_subscripts(CAST(b.tool_calls AS JSON[]), 1) AS position) c
WHERE b.event = 'PostToolBatch' AND in_scope(b.session_id)
