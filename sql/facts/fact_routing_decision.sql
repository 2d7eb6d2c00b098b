-- fact_routing_decision: one row per subagent launch: a call of the subagent tool, `Agent` (Claude
-- Code 2.1.x) or `Task` (earlier versions; launched_via says which), from hooks or transcripts.
--   task_id = the launching call's tool_use_id (the key steps inside the subagent carry as task_id),
--   agent_name = subagent_type (general-purpose when not given), routing_reason = the call's
--   description, requested_model = its model alias, run_in_background from the call's result
--   (2.1.330 backgrounds unless told not to), subagent_status = how the launched subagent ended
--   (dim_agent: completed, error, running).
-- grain: subagent launch (an Agent or Task call)
-- key: session_id, task_id
WITH response AS (   -- what the launch call returned: PostToolUse's tool_response, or the transcript's toolUseResult
    SELECT session_id, tool_use_id, tool_response FROM stg_hook_tool_calls
    WHERE tool_name IN ('Agent', 'Task') AND tool_response IS NOT NULL AND in_scope(session_id)
    UNION ALL
    SELECT session_id, tool_use_id, tool_use_result FROM stg_transcript_tool_calls t
    WHERE tool_name IN ('Agent', 'Task') AND json_type(tool_use_result) = 'OBJECT' AND in_scope(session_id)
      AND NOT EXISTS (SELECT 1 FROM stg_hook_tool_calls h WHERE h.session_id = t.session_id AND h.tool_use_id = t.tool_use_id
                                                           AND h.tool_response IS NOT NULL)
),
same_message AS (   -- launches issued by one API message run in parallel
    SELECT session_id, api_message_id, api_request_id, count(*) AS n FROM fact_execution_step
    WHERE tool_name IN ('Agent', 'Task') AND api_message_id IS NOT NULL AND in_scope(session_id) GROUP BY ALL
)
SELECT
    e.session_id,
    e.goal_id,
    e.tool_use_id                                                     AS task_id,
    coalesce(r.tool_response->>'resolvedModel', e.tool_input->>'model') AS model,
    coalesce(e.tool_input->>'subagent_type', 'general-purpose')       AS agent_name,
    'Agent'                                                           AS tool_name,
    e.tool_name                                                       AS launched_via,
    e.tool_input->>'description'                                      AS routing_reason,
    e.tool_input->>'model'                                            AS requested_model,
    coalesce(TRY_CAST(r.tool_response->>'isAsync' AS BOOLEAN),
             (r.tool_response->>'status') = 'async_launched',
             TRY_CAST(e.tool_input->>'run_in_background' AS BOOLEAN), false) AS run_in_background,
    coalesce(sm.n, 1) - 1                                             AS parallel_siblings,
    a.agent_id                                                        AS launched_agent_id,
    e.agent_name                                                      AS launched_by,
    e.agent_id                                                        AS launched_by_agent_id,
    e.status                                                          AS launch_status,
    coalesce(a.end_status, CASE WHEN e.status IN ('error', 'denied', 'interrupted', 'timeout') THEN 'error' ELSE 'running' END) AS subagent_status,
    e.called_at                                                       AS routed_at,
    CAST(e.called_at AS DATE)                                         AS call_date,
    e.source,
    e.record_source,
    e.host
FROM fact_execution_step e
LEFT JOIN (SELECT session_id, tool_use_id, any_value(tool_response) AS tool_response FROM response GROUP BY ALL) r
       USING (session_id, tool_use_id)
LEFT JOIN same_message sm ON sm.session_id = e.session_id AND sm.api_message_id = e.api_message_id
                        AND sm.api_request_id IS NOT DISTINCT FROM e.api_request_id
LEFT JOIN dim_agent a ON a.session_id = e.session_id AND a.launch_tool_use_id = e.tool_use_id
WHERE e.tool_name IN ('Agent', 'Task') AND in_scope(e.session_id)
