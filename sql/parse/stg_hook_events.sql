-- stg_hook_events: the hook calls the facts read, with the payload fields they use lifted into
-- typed columns (renames and casts only, no business rules). Agent responses only (other tool
-- responses can be whole files).
-- A table, not a view: the facts read it about ten times per build, and each read of a view would
-- parse every payload again. json_transform parses each payload once (20 separate ->> extractions
-- parse it 20 times).
-- grain: hook call
-- key: session_id, event_id
WITH parsed AS (
    SELECT
        event_id, ts, event, session_id, agent_id, agent_type, host,
        json_transform(payload, '{
            "prompt_id": "VARCHAR", "tool_name": "VARCHAR", "tool_use_id": "VARCHAR",
            "tool_input": "JSON", "tool_response": "JSON", "error": "VARCHAR", "is_interrupt": "VARCHAR",
            "duration_ms": "VARCHAR", "cwd": "VARCHAR", "transcript_path": "VARCHAR",
            "agent_transcript_path": "VARCHAR", "source": "VARCHAR", "reason": "VARCHAR", "trigger": "VARCHAR",
            "model": "VARCHAR", "task_id": "VARCHAR", "task_subject": "VARCHAR",
            "last_assistant_message": "VARCHAR", "tool_calls": "JSON"}') AS p
    FROM raw_hook_events
    WHERE in_scope(session_id)
      AND event IN ('PreToolUse', 'PostToolUse', 'PostToolUseFailure', 'PostToolBatch', 'SubagentStart', 'SubagentStop',
                    'StopFailure', 'TaskCompleted', 'SessionStart', 'Stop', 'SessionEnd', 'PreCompact', 'PostCompact')
)
SELECT
    event_id,
    ts,
    event,
    session_id,
    nullif(agent_id, '')                                AS agent_id,
    agent_type,                                         -- '' for the compaction agent
    host,
    p.prompt_id,
    p.tool_name,
    p.tool_use_id,
    p.tool_input,
    CASE WHEN p.tool_name IN ('Agent', 'Task') THEN p.tool_response END AS tool_response,
    p.error,
    TRY_CAST(p.is_interrupt AS BOOLEAN)                 AS is_interrupt,
    CAST(round(TRY_CAST(p.duration_ms AS DOUBLE)) AS BIGINT) AS duration_ms,
    p.cwd,
    p.transcript_path,
    p.agent_transcript_path,
    p.source,
    p.reason,
    p."trigger"                                         AS compact_trigger,
    p.model,
    p.task_id,
    p.task_subject,
    p.last_assistant_message,
    CASE WHEN event = 'PostToolBatch' THEN p.tool_calls END AS tool_calls
FROM parsed
