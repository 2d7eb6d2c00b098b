-- cc_pruning_event: Claude Code work that was cut off (fact_pruning_event adds the task graph's). Denied, interrupted, timed-out and failed tool calls,
-- turns that ended on an API error (StopFailure), and subagents that ended in error.
-- grain: piece of Claude Code work that was cut off
-- key: session_id, pruned_kind, record_source
SELECT
    session_id, goal_id, task_id, agent_name, agent_id,
    CASE status WHEN 'denied' THEN coalesce(status_detail, 'denied') WHEN 'interrupted' THEN 'user_cancel'
                WHEN 'timeout' THEN 'timeout' ELSE 'tool_error' END  AS pruning_reason,
    'tool_call'                                                       AS pruned_kind,
    tool_name,
    tool_use_id,
    0                                                                 AS steps_completed,
    coalesce(input_tokens + output_tokens, 0)                         AS tokens_spent,
    error_message                                                     AS detail,
    called_at                                                         AS pruned_at,
    call_date,
    record_source,
    host
FROM fact_execution_step
WHERE status <> 'success' AND in_scope(session_id)
UNION ALL
SELECT
    h.session_id, h.prompt_id, a.launch_tool_use_id,
    CASE WHEN h.agent_id IS NULL THEN 'main' ELSE coalesce(a.agent_type, 'unknown') END,
    h.agent_id,
    'api_error', 'turn', NULL, NULL, 0, 0,
    coalesce(h.error, '') || CASE WHEN h.last_assistant_message IS NULL THEN '' ELSE ': ' || h.last_assistant_message END,
    h.ts, CAST(h.ts AS DATE), h.event_id, sh.host
FROM stg_hook_events h
LEFT JOIN dim_agent a ON a.session_id = h.session_id AND a.agent_id = h.agent_id
LEFT JOIN stg_session_hosts sh ON sh.session_id = h.session_id
WHERE h.event = 'StopFailure' AND in_scope(h.session_id)
UNION ALL
SELECT
    s.session_id, s.goal_id, s.task_id, s.agent_name, s.agent_id,
    'subagent_error', 'subagent', 'Agent', s.task_id, s.tool_calls, s.total_tokens,
    NULL, s.synthesized_at, s.call_date, s.record_source, s.host
FROM fact_synthesis_result s
WHERE s.status = 'error' AND in_scope(s.session_id)
