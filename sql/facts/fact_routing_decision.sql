-- fact_routing_decision: one row per subagent launch (an Agent tool call).
--   task_id = the Agent call's tool_use_id (the key steps inside the subagent carry as task_id),
--   agent_name = subagent_type, routing_reason = the call's description, requested_model = its
--   model alias, run_in_background from the response (2.1.330 backgrounds unless told not to).
-- grain: subagent launch (an Agent call)
-- key: session_id, task_id
WITH agent_response AS (
    SELECT session_id, tool_use_id,
           arg_max(tool_response, ts) AS tool_response
    FROM stg_hook_events
    WHERE event = 'PostToolUse' AND tool_name = 'Agent' AND in_scope(session_id)
    GROUP BY 1, 2
),
same_message AS (   -- Agent calls issued by one API message run in parallel
    SELECT session_id, api_message_id, api_request_id, count(*) AS n FROM fact_execution_step
    WHERE tool_name = 'Agent' AND api_message_id IS NOT NULL AND in_scope(session_id) GROUP BY ALL
)
SELECT
    e.session_id,
    e.goal_id,
    e.tool_use_id                                                     AS task_id,
    coalesce(r.tool_response->>'resolvedModel', e.tool_input->>'model') AS model,
    coalesce(e.tool_input->>'subagent_type', 'general-purpose')       AS agent_name,
    'Agent'                                                           AS tool_name,
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
    e.called_at                                                       AS routed_at,
    CAST(e.called_at AS DATE)                                         AS call_date,
    e.record_source,
    e.host
FROM fact_execution_step e
LEFT JOIN agent_response r USING (session_id, tool_use_id)
LEFT JOIN same_message sm ON sm.session_id = e.session_id AND sm.api_message_id = e.api_message_id
                        AND sm.api_request_id IS NOT DISTINCT FROM e.api_request_id
LEFT JOIN dim_agent a ON a.session_id = e.session_id AND a.launch_tool_use_id = e.tool_use_id
WHERE e.tool_name = 'Agent' AND in_scope(e.session_id)
