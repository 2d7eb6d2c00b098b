-- stg_transcript_tool_calls: one row per tool call in the transcripts: its tool_use block joined to
-- its tool_result, with how it ended as the transcript tells it:
--   no result yet            interrupted / no_result (in flight, or the process stopped)
--   is_error false           success
--   is_error true            the result's kind: interrupted / interrupt ("The user doesn't want to
--                            proceed…", "[Request interrupted by user…"); denied (toolDenialKind,
--                            "…has been denied", "…haven't granted it yet", a blocking PreToolUse
--                            hook); timeout ("…timed out…"); error / validation_error
--                            (<tool_use_error>); else error / tool_error.
-- A denial by an SDK host with its own wording reads as an error before 2.1.330, which adds
-- toolDenialKind. Duration: from the tool_use line to the tool_result line.
-- grain: tool call seen in the transcripts
-- key: session_id, tool_use_id
WITH uses AS (
    SELECT session_id, tool_use_id,
           arg_min(tool_name, ts) AS tool_name, arg_min(agent_id, ts) AS agent_id,
           arg_min(tool_input, ts) AS tool_input, min(ts) AS called_at,
           arg_min(file_key || ':' || byte_offset, ts) AS record_source
    FROM stg_transcript_tool_uses
    WHERE tool_use_id IS NOT NULL AND in_scope(session_id)
    GROUP BY 1, 2
),
results AS (
    SELECT session_id, tool_use_id,
           min(ts) AS finished_at, arg_min(is_error, ts) AS is_error, arg_min(result_text, ts) AS result_text,
           arg_min(tool_use_result, ts) AS tool_use_result, arg_min(tool_denial_kind, ts) AS denial_kind
    FROM stg_transcript_tool_results
    WHERE tool_use_id IS NOT NULL AND in_scope(session_id)
    GROUP BY 1, 2
),
classified AS (
    SELECT u.*, r.finished_at, r.is_error, r.result_text, r.tool_use_result, r.denial_kind,
        CASE
            WHEN r.tool_use_id IS NULL THEN 'no_result'
            WHEN NOT r.is_error THEN NULL
            -- the interrupt text (SIGINT, Esc) also closes a call the user rejected: it stays an interruption
            WHEN r.result_text LIKE 'The user doesn''t want to proceed%' OR r.result_text LIKE '%[Request interrupted by user%' THEN 'interrupt'
            WHEN r.denial_kind = 'user-rejected' AND r.result_text NOT LIKE '%haven''t granted it yet%' THEN 'user_rejected'
            WHEN r.result_text LIKE 'PreToolUse:%hook error%' THEN 'blocked_by_hook'
            WHEN r.result_text LIKE '%has been denied%' THEN 'permission_rule'
            WHEN r.result_text LIKE '%haven''t granted it yet%' THEN 'not_granted'
            WHEN r.denial_kind IS NOT NULL THEN 'host_denied'
            WHEN r.result_text ILIKE '%timed out%' THEN 'timeout'
            WHEN r.result_text LIKE '%<tool_use_error>%' THEN 'validation_error'
            ELSE 'tool_error'
        END AS status_detail
    FROM uses u
    LEFT JOIN results r USING (session_id, tool_use_id)
)
SELECT
    session_id, tool_use_id, tool_name, agent_id, tool_input, called_at, finished_at,
    CASE status_detail
        WHEN 'no_result' THEN 'interrupted' WHEN 'interrupt' THEN 'interrupted'
        WHEN 'blocked_by_hook' THEN 'denied' WHEN 'permission_rule' THEN 'denied' WHEN 'not_granted' THEN 'denied'
        WHEN 'host_denied' THEN 'denied' WHEN 'user_rejected' THEN 'denied'
        WHEN 'timeout' THEN 'timeout'
        WHEN 'validation_error' THEN 'error' WHEN 'tool_error' THEN 'error'
        ELSE 'success'
    END                                                                     AS status,
    status_detail,
    CAST(date_diff('millisecond', called_at, finished_at) AS BIGINT)        AS duration_ms,
    CASE WHEN is_error THEN result_text END                                 AS error_message,
    tool_use_result,
    record_source
FROM classified
