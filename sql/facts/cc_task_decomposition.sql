-- cc_task_decomposition: Claude Code fan-outs, one row per child task (fact_task_decomposition
-- adds the task graph's). Three shapes:
--   task_create: TaskCreated events, batched by the API message whose TaskCreate calls fired them
--   agent_launch: Agent (or, before 2.1, Task) calls (several in one message = a parallel fan-out)
--   todo_write: the items of each TodoWrite list (only with CLAUDE_CODE_ENABLE_TASKS=0)
-- goal_id = the user prompt (prompt_id) the fan-out served; depth 1 from the main thread, the
-- subagent's spawn depth + 1 from inside a subagent.
-- grain: child of a Claude Code fan-out (TaskCreate batch, Agent launches, TodoWrite items)
-- key: session_id, fan_out_kind, batch_key, child_task
WITH task_creates AS (
    SELECT e.session_id, e.goal_id, e.model, e.task_id AS parent_task, e.agent_name, e.agent_id,
           coalesce(e.tool_input->>'subject', e.tool_input->>'description', e.tool_use_id) AS child_task,
           coalesce(e.api_message_id, e.tool_use_id) AS batch_key, e.called_at, e.record_source
    FROM fact_execution_step e
    WHERE e.tool_name = 'TaskCreate' AND e.status = 'success' AND in_scope(e.session_id)
),
agent_launches AS (
    SELECT e.session_id, e.goal_id, e.model, e.task_id AS parent_task, e.agent_name, e.agent_id,
           e.tool_use_id AS child_task, coalesce(e.api_message_id, e.tool_use_id) AS batch_key,
           e.called_at, e.record_source
    FROM fact_execution_step e
    WHERE e.tool_name IN ('Agent', 'Task') AND in_scope(e.session_id)
),
todo_items AS (
    SELECT e.session_id, e.goal_id, e.model, e.task_id AS parent_task, e.agent_name, e.agent_id,
           coalesce(t.item->>'content', t.item->>'subject', CAST(t.item AS VARCHAR)) AS child_task,
           e.tool_use_id AS batch_key, e.called_at, e.record_source
    FROM fact_execution_step e,
         LATERAL (SELECT unnest(CAST(e.tool_input->'todos' AS JSON[])) AS item) t
    WHERE e.tool_name = 'TodoWrite' AND json_type(e.tool_input->'todos') = 'ARRAY' AND in_scope(e.session_id)
),
children AS (
    SELECT *, 'task_create' AS kind FROM task_creates
    UNION ALL SELECT *, 'agent_launch' FROM agent_launches
    UNION ALL SELECT *, 'todo_write' FROM todo_items
)
SELECT
    c.session_id,
    c.goal_id,
    c.model,
    c.parent_task,
    c.child_task,
    CASE WHEN c.agent_id IS NULL THEN 1 ELSE coalesce(a.spawn_depth, 1) + 1 END AS decomposition_depth,
    count(*) OVER (PARTITION BY c.session_id, c.kind, c.batch_key)             AS subtask_count,
    CASE WHEN c.kind = 'todo_write' THEN 'sequential'
         WHEN count(*) OVER (PARTITION BY c.session_id, c.kind, c.batch_key) > 1 THEN 'parallel'
         ELSE 'sequential' END                                                 AS strategy,
    c.kind                                                                     AS fan_out_kind,
    c.batch_key,
    c.agent_name,
    c.called_at                                                                AS decomposed_at,
    CAST(c.called_at AS DATE)                                                  AS call_date,
    c.record_source,
    sh.host
FROM children c
LEFT JOIN dim_agent a ON a.session_id = c.session_id AND a.agent_id = c.agent_id
LEFT JOIN stg_session_hosts sh ON sh.session_id = c.session_id
