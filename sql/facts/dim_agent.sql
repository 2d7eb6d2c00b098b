-- dim_agent: one row per subagent (session_id, agent_id), from every source that names it: the
-- hooks (SubagentStart/Stop/StopFailure, in-agent hooks, the Agent call's response), the
-- subagent's meta.json (toolUseId = the launching call), its transcript lines in every layout
-- (stg_transcript_lines: subagents/, pre-2.1 files beside the session, 1.0.x inline sidechains,
-- dynamic workflows) and the parent's transcript: the launching Agent/Task call and its result
-- (toolUseResult.agentId and status; for a background launch, the <task-notification> that says
-- how it ended; for an inline sidechain, the Task call whose prompt opened the chain).
-- Compaction agents (hooks: agent_type ''; transcripts: agent-acompact-*) are marked, not subagents.
-- end_status: completed | error | running (launched, nothing says it ended yet) | unknown (an orphan
-- transcript: no launching call, no hook, no meta, and its own last line does not say). Without word
-- from the parent, a subagent transcript whose last API message ended its turn (end_turn) completed,
-- one that ends on an API error failed.
-- The main thread has no agent id and no row here (agent_name 'main' in the facts).
-- grain: subagent or compaction agent (the main thread has no row)
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
        max(agent_transcript_path)                                 AS transcript_path
    FROM stg_hook_events
    WHERE agent_id IS NOT NULL AND in_scope(session_id)
    GROUP BY session_id, agent_id
),
launch_calls AS (   -- every Agent/Task call with what it returned (hooks first, then the transcript)
    SELECT c.session_id, c.tool_use_id, c.tool_input, c.called_at, c.finished_at, c.status,
           coalesce(h.tool_response, t.tool_use_result) AS result
    FROM (SELECT session_id, tool_use_id, tool_input, called_at, finished_at, status FROM stg_hook_tool_calls
          WHERE tool_name IN ('Agent', 'Task') AND in_scope(session_id)
          UNION ALL
          SELECT session_id, tool_use_id, tool_input, called_at, finished_at, status FROM stg_transcript_tool_calls t
          WHERE tool_name IN ('Agent', 'Task') AND in_scope(session_id)
            AND NOT EXISTS (SELECT 1 FROM stg_hook_tool_calls h WHERE h.session_id = t.session_id AND h.tool_use_id = t.tool_use_id)) c
    LEFT JOIN stg_hook_tool_calls h ON h.session_id = c.session_id AND h.tool_use_id = c.tool_use_id
    LEFT JOIN stg_transcript_tool_calls t ON t.session_id = c.session_id AND t.tool_use_id = c.tool_use_id
),
notified AS (   -- background subagents: Claude Code tells the parent how they ended
    SELECT session_id,
           regexp_extract(content->>'$', '<tool-use-id>([^<]+)</tool-use-id>', 1) AS tool_use_id,
           arg_max(regexp_extract(content->>'$', '<status>([^<]+)</status>', 1), ts) AS status,
           max(ts) AS ts
    FROM stg_transcript_lines
    WHERE line_type = 'user' AND json_type(content) = 'VARCHAR' AND in_scope(session_id)
      AND (content->>'$') LIKE '<task-notification>%<tool-use-id>%'
    GROUP BY 1, 2
),
launches AS (   -- the launching call → the agent it started (agentId in its result)
    SELECT session_id, result->>'agentId' AS agent_id, min(tool_use_id) AS launch_tool_use_id
    FROM launch_calls WHERE (result->>'agentId') IS NOT NULL
    GROUP BY 1, 2
),
meta AS (
    SELECT * FROM stg_subagent_meta WHERE in_scope(session_id)
),
transcript_agents AS (
    SELECT session_id, agent_id, min(ts) AS first_line_at, max(ts) AS last_line_at,
           max(attribution_agent) AS attribution_agent, max(workflow_run_id) AS workflow_run_id,
           arg_max(stop_reason, ts) FILTER (WHERE line_type = 'assistant') AS last_stop_reason,
           arg_max(is_api_error, ts) FILTER (WHERE line_type = 'assistant') AS last_is_api_error,
           -- 1.0.x inline chains: the user line that opened the chain holds the Task call's prompt
           arg_min(content->>'$', byte_offset) FILTER (WHERE line_type = 'user' AND agent_id LIKE 'sidechain-%') AS opening_prompt
    FROM stg_transcript_lines
    WHERE agent_id IS NOT NULL AND in_scope(session_id)
    GROUP BY 1, 2
),
inline_launches AS (
    SELECT t.session_id, t.agent_id, min(c.tool_use_id) AS launch_tool_use_id
    FROM transcript_agents t
    JOIN launch_calls c ON c.session_id = t.session_id AND (c.tool_input->>'prompt') = t.opening_prompt
    WHERE t.opening_prompt IS NOT NULL
    GROUP BY 1, 2
),
ids AS (
    SELECT session_id, agent_id FROM hook_agents
    UNION SELECT session_id, agent_id FROM launches
    UNION SELECT session_id, agent_id FROM meta
    UNION SELECT session_id, agent_id FROM transcript_agents
),
agents AS (
    SELECT
        ids.session_id,
        ids.agent_id,
        (coalesce(h.is_compaction, false) AND m.agent_id IS NULL AND t.agent_id IS NULL) OR ids.agent_id LIKE 'acompact%' AS is_compaction,
        coalesce(l.launch_tool_use_id, m.launch_tool_use_id, il.launch_tool_use_id)  AS launch_tool_use_id,
        h.agent_type AS hook_type, m.agent_type AS meta_type, t.attribution_agent,
        m.description, m.spawn_depth, m.model AS meta_model, m.finished,
        h.started_at AS hook_started_at, h.first_seen_at, h.stopped_at, h.failed_at, h.transcript_path,
        t.first_line_at, t.last_line_at, t.workflow_run_id, t.last_stop_reason, t.last_is_api_error
    FROM ids
    LEFT JOIN hook_agents h USING (session_id, agent_id)
    LEFT JOIN launches l USING (session_id, agent_id)
    LEFT JOIN meta m USING (session_id, agent_id)
    LEFT JOIN transcript_agents t USING (session_id, agent_id)
    LEFT JOIN inline_launches il USING (session_id, agent_id)
)
SELECT
    a.session_id,
    a.agent_id,
    CASE WHEN a.is_compaction THEN 'compaction'
         ELSE coalesce(a.hook_type, a.meta_type, c.result->>'agentType', c.tool_input->>'subagent_type', a.attribution_agent,
                       CASE WHEN c.tool_use_id IS NOT NULL THEN 'general-purpose' END, 'unknown') END AS agent_type,
    a.is_compaction,
    a.launch_tool_use_id,
    coalesce(a.description, c.tool_input->>'description')                            AS description,
    coalesce(a.spawn_depth, 1)                                                        AS spawn_depth,
    coalesce(a.meta_model, c.tool_input->>'model')                                    AS requested_model,
    a.workflow_run_id,
    coalesce(a.hook_started_at, a.first_seen_at, a.first_line_at, c.called_at)        AS started_at,
    coalesce(a.stopped_at, a.failed_at,
             CASE WHEN c.result->>'status' = 'completed' OR (c.status <> 'success' AND c.finished_at IS NOT NULL) THEN c.finished_at END,
             CASE WHEN n.status IS NOT NULL THEN n.ts END,
             CASE WHEN c.finished_at IS NOT NULL AND (c.result->>'status') IS NULL AND c.status = 'success' THEN c.finished_at END) AS ended_at,
    CASE WHEN a.stopped_at IS NOT NULL THEN 'completed'
         WHEN a.failed_at IS NOT NULL THEN 'error'
         -- its transcript ends on an API error: 2.1.197 still answers the parent 'completed' (with the error text)
         WHEN a.last_is_api_error THEN 'error'
         WHEN a.finished THEN 'completed'
         WHEN n.status = 'completed' THEN 'completed'
         WHEN n.status IS NOT NULL THEN 'error'
         WHEN c.result->>'status' = 'completed' THEN 'completed'
         WHEN c.status IN ('error', 'timeout', 'interrupted', 'denied') AND c.finished_at IS NOT NULL THEN 'error'
         -- before 2.1 the Task result had no status: a result that is not an error is a finished subagent
         WHEN c.status = 'success' AND (c.result->>'status') IS NULL AND json_type(c.result) = 'OBJECT' THEN 'completed'
         WHEN a.last_stop_reason = 'end_turn' THEN 'completed'
         WHEN a.is_compaction AND a.first_line_at IS NOT NULL THEN 'completed'
         WHEN a.launch_tool_use_id IS NULL AND a.hook_started_at IS NULL AND a.first_seen_at IS NULL THEN 'unknown'
         ELSE 'running' END                                                           AS end_status,
    coalesce(a.transcript_path, '')                                                   AS transcript_path,
    sh.host
FROM agents a
LEFT JOIN launch_calls c ON c.session_id = a.session_id AND c.tool_use_id = a.launch_tool_use_id
LEFT JOIN notified n ON n.session_id = a.session_id AND n.tool_use_id = a.launch_tool_use_id
LEFT JOIN stg_session_hosts sh ON sh.session_id = a.session_id
