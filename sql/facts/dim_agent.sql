-- dim_agent: one row per subagent (session_id, agent_id), from every source that names it:
-- SubagentStart/Stop/StopFailure and in-agent hooks, the Agent tool's response (agentId), the
-- subagent's meta.json (toolUseId = the Agent call that launched it) and its transcript lines.
-- The main thread has no agent id and no row here (agent_name 'main' in the facts).
-- grain: subagent (the main thread has no row)
-- key: session_id, agent_id
WITH hook_agents AS (
    SELECT
        session_id,
        agent_id,
        max(nullif(agent_type, ''))                               AS agent_type,
        bool_or(agent_type = '') AND max(nullif(agent_type, '')) IS NULL AS is_compaction,
        min(ts) FILTER (WHERE event = 'SubagentStart')             AS started_at,
        max(ts) FILTER (WHERE event = 'SubagentStop')              AS stopped_at,
        max(ts) FILTER (WHERE event = 'StopFailure')               AS failed_at,
        min(ts)                                                    AS first_seen_at,
        max(ts)                                                    AS last_seen_at,
        max(agent_transcript_path)                                 AS transcript_path
    FROM stg_hook_events
    WHERE agent_id IS NOT NULL AND in_scope(session_id)
    GROUP BY session_id, agent_id
),
launches AS (   -- PostToolUse(Agent): tool_response.agentId (foreground and background launches)
    SELECT session_id, tool_response->>'agentId' AS agent_id,
           min(tool_use_id) AS launch_tool_use_id, max(tool_response->>'agentType') AS agent_type
    FROM stg_hook_events
    WHERE event = 'PostToolUse' AND tool_name = 'Agent' AND (tool_response->>'agentId') IS NOT NULL AND in_scope(session_id)
    GROUP BY 1, 2
),
meta AS (
    SELECT * FROM stg_subagent_meta WHERE in_scope(session_id)
),
transcript_agents AS (
    SELECT session_id, agent_id, min(ts) AS first_line_at, max(ts) AS last_line_at,
           max(line->>'attributionAgent') AS attribution_agent
    FROM raw_transcript_lines
    WHERE agent_id IS NOT NULL AND in_scope(session_id)
    GROUP BY 1, 2
),
ids AS (
    SELECT session_id, agent_id FROM hook_agents
    UNION SELECT session_id, agent_id FROM launches
    UNION SELECT session_id, agent_id FROM meta
    UNION SELECT session_id, agent_id FROM transcript_agents
)
SELECT
    ids.session_id,
    ids.agent_id,
    CASE WHEN coalesce(h.is_compaction, false) AND m.agent_id IS NULL AND t.agent_id IS NULL THEN 'compaction'
         ELSE coalesce(h.agent_type, m.agent_type, l.agent_type, t.attribution_agent, 'unknown') END AS agent_type,
    coalesce(h.is_compaction, false) AND m.agent_id IS NULL AND t.agent_id IS NULL    AS is_compaction,
    coalesce(l.launch_tool_use_id, m.launch_tool_use_id)                               AS launch_tool_use_id,
    m.description,
    coalesce(m.spawn_depth, 1)                                                         AS spawn_depth,
    m.model                                                                            AS requested_model,
    coalesce(h.started_at, h.first_seen_at, t.first_line_at)                           AS started_at,
    coalesce(h.stopped_at, h.failed_at)                                                AS ended_at,
    CASE WHEN h.stopped_at IS NOT NULL THEN 'completed'
         WHEN h.failed_at IS NOT NULL THEN 'error'
         WHEN m.finished THEN 'completed'
         ELSE 'running' END                                                            AS end_status,
    coalesce(h.transcript_path, '')                                                    AS transcript_path,
    sh.host
FROM ids
LEFT JOIN hook_agents h USING (session_id, agent_id)
LEFT JOIN launches l USING (session_id, agent_id)
LEFT JOIN meta m USING (session_id, agent_id)
LEFT JOIN transcript_agents t USING (session_id, agent_id)
LEFT JOIN stg_session_hosts sh ON sh.session_id = ids.session_id
