-- fact_session_event: the life of a session: start (SessionStart source startup/resume/clear),
-- stop (Stop, one per turn), end (SessionEnd), compaction (PreCompact/PostCompact, and the
-- SessionStart(compact) that follows), failure (StopFailure).
-- grain: session lifecycle hook event
-- key: session_id, record_source
SELECT
    session_id,
    agent_id,
    prompt_id                                     AS goal_id,
    CASE
        WHEN event = 'SessionStart' AND source = 'compact' THEN 'compaction'
        WHEN event = 'SessionStart' THEN 'start'
        WHEN event = 'Stop' THEN 'stop'
        WHEN event = 'SessionEnd' THEN 'end'
        WHEN event IN ('PreCompact', 'PostCompact') THEN 'compaction'
        WHEN event = 'StopFailure' THEN 'failure'
    END                                           AS event_type,
    event                                         AS hook_event,
    coalesce(source, reason, compact_trigger, error) AS detail,
    model,
    cwd,
    host,
    ts                                            AS event_at,
    CAST(ts AS DATE)                              AS call_date,
    event_id                                      AS record_source
FROM stg_hook_events
WHERE event IN ('SessionStart', 'Stop', 'SessionEnd', 'PreCompact', 'PostCompact', 'StopFailure') AND in_scope(session_id)
