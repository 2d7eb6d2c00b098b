-- stg_hook_events: one row per hook call, the payload fields the facts use lifted into columns.
-- Only renames and casts (no business rules): the facts materialise from here once per build.
CREATE OR REPLACE VIEW stg_hook_events AS
SELECT
    event_id,
    ts,
    event,
    session_id,
    nullif(agent_id, '')                                AS agent_id,
    agent_type,                                         -- '' for the compaction agent
    host,
    payload->>'prompt_id'                               AS prompt_id,
    payload->>'tool_name'                               AS tool_name,
    payload->>'tool_use_id'                             AS tool_use_id,
    payload->'tool_input'                               AS tool_input,
    payload->'tool_response'                            AS tool_response,
    payload->>'error'                                   AS error,
    TRY_CAST(payload->>'is_interrupt' AS BOOLEAN)       AS is_interrupt,
    TRY_CAST(payload->>'duration_ms' AS BIGINT)         AS duration_ms,
    payload->>'cwd'                                     AS cwd,
    payload->>'transcript_path'                         AS transcript_path,
    payload->>'agent_transcript_path'                   AS agent_transcript_path,
    payload->>'source'                                  AS source,
    payload->>'reason'                                  AS reason,
    payload->>'trigger'                                 AS compact_trigger,
    payload->>'model'                                   AS model,
    payload->>'task_id'                                 AS task_id,
    payload->>'task_subject'                            AS task_subject,
    payload->>'last_assistant_message'                  AS last_assistant_message,
    payload
FROM raw_hook_events;
