-- stg_hook_tool_calls: one row per tool call the hooks saw, joined from its PreToolUse,
-- PostToolUse / PostToolUseFailure and PostToolBatch entry, with how it ended by the hooks' rules:
--   success | error | denied | interrupted | timeout. A PreToolUse with no Post* is NOT a success:
--   denied (rule, no grant, host, or a blocking PreToolUse hook, told apart by the text
--   PostToolBatch returned to the model) or interrupted (no batch either). A call rejected by input
--   validation fires no PreToolUse and shows up in PostToolBatch only: error/validation_error.
--   complete: a Post* or the batch arrived; otherwise the status is inferred from their absence
--   (fact_execution_step then lets the transcript's result say how it ended, when there is one).
--   saw_post: a Post* arrived. Without it a denial is inferred from the batch; if the transcript
--   says the call succeeded, the Post* was lost and fact_execution_step takes the transcript's word.
-- grain: tool call seen by the hooks
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
       arg_max(response_text, ts) AS response_text, arg_max(event_id, ts) AS event_id
    FROM stg_tool_batch_calls
    WHERE tool_use_id IS NOT NULL AND in_scope(session_id)
    GROUP BY 1, 2
),
calls AS (
    SELECT session_id, tool_use_id FROM pre
    UNION SELECT session_id, tool_use_id FROM post
    UNION SELECT session_id, tool_use_id FROM batch
)
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
    post.tool_response,
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
    coalesce(pre.event_id, post.event_id, batch.event_id)        AS record_source,
    post.tool_use_id IS NOT NULL OR batch.tool_use_id IS NOT NULL AS complete,
    post.tool_use_id IS NOT NULL                                AS saw_post
    FROM calls c
    LEFT JOIN pre USING (session_id, tool_use_id)
    LEFT JOIN post USING (session_id, tool_use_id)
    LEFT JOIN batch USING (session_id, tool_use_id)
