-- agg_session_sources: what each source holds of a session: hook events (the lifecycle events
-- the facts read) and transcript lines, when each saw it, and what only the transcripts can
-- tell: the user's prompts (turns: user lines of the main conversation that are not tool results,
-- meta lines, compaction summaries or local command output), compaction boundaries and
-- compaction agents (agent-acompact-*).
-- grain: session
-- key: session_id
WITH hooks AS (
    SELECT session_id, count(*) AS hook_events, min(ts) AS first_hook_at, max(ts) AS last_hook_at
    FROM stg_hook_events WHERE in_scope(session_id) GROUP BY 1
),
lines AS (
    SELECT session_id,
           count(*)                                                                 AS transcript_lines,
           min(ts)                                                                  AS first_line_at,
           max(ts)                                                                  AS last_line_at,
           count(*) FILTER (WHERE line_type = 'user' AND agent_id IS NULL AND NOT is_meta AND NOT is_compact_summary
                              AND NOT is_sidechain
                              AND json_type(content) IN ('VARCHAR', 'ARRAY')
                              AND NOT coalesce(json_contains(content, '{"type": "tool_result"}'), false)
                              AND NOT starts_with(coalesce(content->>'$', ''), '<local-command'))   AS prompts,
           count(*) FILTER (WHERE line_type = 'system' AND subtype = 'compact_boundary') AS compact_boundaries,
           count(DISTINCT agent_id) FILTER (WHERE agent_id LIKE 'acompact%')         AS compaction_agents
    FROM stg_transcript_lines WHERE in_scope(session_id) GROUP BY 1
)
SELECT
    session_id,
    coalesce(h.hook_events, 0)          AS hook_events,
    h.first_hook_at,
    h.last_hook_at,
    coalesce(l.transcript_lines, 0)     AS transcript_lines,
    l.first_line_at,
    l.last_line_at,
    coalesce(l.prompts, 0)              AS prompts,
    coalesce(l.compact_boundaries, 0)   AS compact_boundaries,
    coalesce(l.compaction_agents, 0)    AS compaction_agents
FROM hooks h
FULL OUTER JOIN lines l USING (session_id)
