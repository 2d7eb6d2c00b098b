-- dag_execution_steps: the sub-steps of each DAG execution (seed 001's sub_steps): one row per
-- task of a task-graph project, with its dependencies, wave, status, timing, result and error,
-- and its measured cost (task_cost).
-- grain: task of a task-graph project
-- key: task_id
WITH deps AS (
    SELECT to_task AS task_id,
           to_json(list(from_task ORDER BY from_task)) AS depends_on,
           to_json(list(json_object('task_id', from_task, 'kind', kind, 'condition', condition) ORDER BY from_task)) AS dependency_edges
    FROM tg_stg_dependencies
    GROUP BY to_task
)
SELECT
    t.project_id                                    AS execution_id,
    t.task_id,
    t.parent_task_id,
    t.title                                         AS description,
    t.description                                   AS thought,
    t.kind                                          AS action_type,
    t.priority,
    t.status,
    coalesce(d.depends_on, '[]'::JSON)              AS depends_on,
    coalesce(d.dependency_edges, '[]'::JSON)        AS dependency_edges,
    l.wave_number,
    t.agent_id,
    t.session_id,
    c.agent_type,
    c.model,
    coalesce(c.attempts, 0)                         AS attempts,
    t.retries,
    t.created_at,
    t.claimed_at,
    coalesce(t.started_at, t.claimed_at)            AS started_at,
    coalesce(t.completed_at, t.failed_at, t.cancelled_at) AS completed_at,
    date_diff('millisecond', coalesce(t.started_at, t.claimed_at), coalesce(t.completed_at, t.failed_at, t.cancelled_at)) AS duration_ms,
    t.result,
    t.error,
    c.total_tokens,
    c.cost_usd,
    c.tool_calls,
    c.verified
FROM tg_stg_tasks t
LEFT JOIN deps d USING (task_id)
LEFT JOIN tg_task_levels l USING (task_id)
LEFT JOIN task_cost c USING (task_id)
