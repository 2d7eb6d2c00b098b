-- fact_session_event: the life of a session: start (SessionStart source startup/resume/clear),
-- stop (Stop, one per turn), end (SessionEnd), compaction (PreCompact/PostCompact, and the
-- SessionStart(compact) that follows), failure (StopFailure).
-- Transcripts add the compactions the hooks did not see (a compact_boundary line, when the
-- session has no PreCompact/PostCompact event): hook_event is NULL on those rows.
-- grain: session lifecycle event
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
UNION ALL
SELECT
    t.session_id, t.agent_id, NULL, 'compaction', NULL, t.compact_trigger, NULL, NULL, sh.host,
    t.ts, CAST(t.ts AS DATE), t.file_key || ':' || t.byte_offset
FROM stg_transcript_lines t
LEFT JOIN stg_session_hosts sh ON sh.session_id = t.session_id
WHERE t.line_type = 'system' AND t.subtype = 'compact_boundary' AND in_scope(t.session_id)
  AND NOT EXISTS (SELECT 1 FROM stg_hook_events h
                  WHERE h.session_id = t.session_id AND h.event IN ('PreCompact', 'PostCompact'))
