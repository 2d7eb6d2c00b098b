-- fact_execution_step: one row per tool call (session_id, tool_use_id), joined from its
-- PreToolUse, PostToolUse / PostToolUseFailure and PostToolBatch entry.
--   status: success | error | denied | interrupted | timeout. A PreToolUse with no Post* is NOT a
--   success: denied (rule, no grant, host, or a blocking PreToolUse hook, told apart by the text
--   PostToolBatch returned to the model) or interrupted (no batch either). A call rejected by input
--   validation fires no PreToolUse and shows up in PostToolBatch only: error/validation_error.
--   An in-flight call at ingest time reads as interrupted until the next build sees its Post*.
--   task_id: for steps inside a subagent, the tool_use_id of the Agent call that launched it.
--   Tokens: the usage of the API call that issued the step, on the message's FIRST tool call only,
--   so sums over steps never count one API call twice (0 on the other calls of that message).
-- grain: tool call
-- key: session_id, tool_use_id
WITH pre AS (
    SELECT session_id, tool_use_id,
           arg_min(tool_name, ts) AS tool_name, min(ts) AS ts, arg_min(agent_id, ts) AS agent_id,
           arg_min(prompt_id, ts) AS prompt_id, arg_min(tool_input, ts) AS tool_input, arg_min(event_id, ts) AS event_id
    FROM stg_hook_events
    WHERE event = 'PreToolUse' AND tool_use_id IS NOT NULL AND in_scope(session_id)
    GROUP BY 1, 2
),
post AS (
    SELECT session_id, tool_use_id,
           arg_max(event, ts) AS event, max(ts) AS ts, arg_max(tool_name, ts) AS tool_name,
           arg_max(agent_id, ts) AS agent_id, arg_max(prompt_id, ts) AS prompt_id,
           arg_max(tool_input, ts) AS tool_input, arg_max(tool_response, ts) AS tool_response,
           arg_max(error, ts) AS error, arg_max(is_interrupt, ts) AS is_interrupt,
           arg_max(duration_ms, ts) AS duration_ms, arg_max(event_id, ts) AS event_id
    FROM stg_hook_events
    WHERE event IN ('PostToolUse', 'PostToolUseFailure') AND tool_use_id IS NOT NULL AND in_scope(session_id)
    GROUP BY 1, 2
),
batch AS (
    SELECT session_id, tool_use_id,
           arg_max(tool_name, ts) AS tool_name, max(ts) AS ts, arg_max(agent_id, ts) AS agent_id,
           arg_max(prompt_id, ts) AS prompt_id, arg_max(tool_input, ts) AS tool_input,
           arg_max(response_text, ts) AS response_text
    FROM stg_tool_batch_calls
    WHERE tool_use_id IS NOT NULL AND in_scope(session_id)
    GROUP BY 1, 2
),
calls AS (
    SELECT session_id, tool_use_id FROM pre
    UNION SELECT session_id, tool_use_id FROM post
    UNION SELECT session_id, tool_use_id FROM batch
),
joined AS (
    SELECT
        c.session_id,
        c.tool_use_id,
        coalesce(pre.tool_name, post.tool_name, batch.tool_name)     AS tool_name,
        coalesce(pre.agent_id, post.agent_id, batch.agent_id)        AS agent_id,
        coalesce(pre.prompt_id, post.prompt_id, batch.prompt_id)     AS prompt_id,
        coalesce(pre.tool_input, post.tool_input, batch.tool_input)  AS tool_input,
        coalesce(pre.ts, post.ts, batch.ts)                          AS called_at,
        coalesce(post.ts, batch.ts)                                  AS finished_at,
        post.duration_ms,
        CASE
            WHEN post.event = 'PostToolUse' THEN 'success'
            WHEN post.event = 'PostToolUseFailure' AND coalesce(post.is_interrupt, false) THEN 'interrupted'
            WHEN post.event = 'PostToolUseFailure' AND post.error ILIKE '%timed out%' THEN 'timeout'
            WHEN post.event = 'PostToolUseFailure' THEN 'error'
            WHEN pre.tool_use_id IS NULL THEN 'error'
            WHEN batch.tool_use_id IS NULL THEN 'interrupted'
            ELSE 'denied'
        END AS status,
        CASE
            WHEN post.event = 'PostToolUse' THEN NULL
            WHEN post.event = 'PostToolUseFailure' AND coalesce(post.is_interrupt, false) THEN 'interrupt'
            WHEN post.event = 'PostToolUseFailure' AND post.error ILIKE '%timed out%' THEN 'timeout'
            WHEN post.event = 'PostToolUseFailure' THEN 'tool_error'
            WHEN pre.tool_use_id IS NULL THEN 'validation_error'
            WHEN batch.tool_use_id IS NULL THEN 'no_result'
            WHEN batch.response_text LIKE 'PreToolUse:%hook error%' THEN 'blocked_by_hook'
            WHEN batch.response_text LIKE '%has been denied%' THEN 'permission_rule'
            WHEN batch.response_text LIKE '%haven''t granted it yet%' THEN 'not_granted'
            ELSE 'host_denied'
        END AS status_detail,
        CASE WHEN post.event = 'PostToolUse' THEN NULL ELSE coalesce(post.error, batch.response_text) END AS error_message,
        coalesce(pre.event_id, post.event_id)                        AS record_source
    FROM calls c
    LEFT JOIN pre USING (session_id, tool_use_id)
    LEFT JOIN post USING (session_id, tool_use_id)
    LEFT JOIN batch USING (session_id, tool_use_id)
),
issued_by AS (   -- the API message that issued each tool call: in the session's own transcripts
    SELECT session_id, tool_use_id,
           arg_min(message_id, file_key || lpad(CAST(byte_offset AS VARCHAR), 20, '0')) AS message_id,
           arg_min(request_id, file_key || lpad(CAST(byte_offset AS VARCHAR), 20, '0')) AS request_id
    FROM stg_transcript_tool_uses
    WHERE in_scope(session_id)
    GROUP BY session_id, tool_use_id
),
steps AS (
    SELECT
        j.*,
        ib.message_id,
        ib.request_id,
        row_number() OVER (PARTITION BY j.session_id, ib.message_id, ib.request_id ORDER BY j.called_at, j.tool_use_id) AS nth_in_message
    FROM joined j
    LEFT JOIN issued_by ib USING (session_id, tool_use_id)
)
SELECT
    s.session_id,
    s.prompt_id                                                       AS goal_id,
    a.launch_tool_use_id                                              AS task_id,
    CASE WHEN s.agent_id IS NULL THEN 'main' ELSE coalesce(a.agent_type, 'unknown') END AS agent_name,
    s.agent_id,
    api.model,
    s.tool_name,
    s.tool_use_id,
    s.prompt_id,
    s.duration_ms,
    CASE WHEN s.message_id IS NULL THEN NULL WHEN s.nth_in_message = 1 THEN api.input_tokens ELSE 0 END        AS input_tokens,
    CASE WHEN s.message_id IS NULL THEN NULL WHEN s.nth_in_message = 1 THEN api.output_tokens ELSE 0 END       AS output_tokens,
    CASE WHEN s.message_id IS NULL THEN NULL WHEN s.nth_in_message = 1 THEN api.cache_read_tokens ELSE 0 END   AS cache_read_tokens,
    CASE WHEN s.message_id IS NULL THEN NULL WHEN s.nth_in_message = 1
         THEN api.cache_write_5m_tokens + api.cache_write_1h_tokens ELSE 0 END                                AS cache_write_tokens,
    s.status,
    s.status_detail,
    coalesce(s.tool_input->>'file_path', s.tool_input->>'notebook_path', s.tool_input->>'path') AS target_path,
    s.tool_input->>'command'                                          AS command,
    s.error_message,
    s.tool_input,
    s.message_id                                                      AS api_message_id,
    s.request_id                                                      AS api_request_id,
    s.called_at,
    s.finished_at,
    CAST(s.called_at AS DATE)                                         AS call_date,
    s.record_source,
    sh.host
FROM steps s
LEFT JOIN dim_agent a ON a.session_id = s.session_id AND a.agent_id = s.agent_id
LEFT JOIN stg_session_hosts sh ON sh.session_id = s.session_id
LEFT JOIN fact_api_call api ON api.message_id = s.message_id AND coalesce(api.request_id, '') = coalesce(s.request_id, '')
