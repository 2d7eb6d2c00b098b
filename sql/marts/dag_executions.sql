-- dag_executions: one row per task-graph project, in the manner of seed 001's dag_executions:
-- status, timing, task counters, the final result and the measured cost.
-- status: pending (nothing claimed yet) · running (a task is claimed or running) · waiting
-- (work is ready or blocked but nobody holds a claim) · completed (every task done) ·
-- failed (everything finished, nothing done) · partial (everything finished, some not done).
-- final_result: the results of the sink tasks (no done task depends on them), as a JSON list.
-- total_cost_usd: what was measured; unmeasured_tasks counts the claimed tasks whose cost is NULL
-- (task_cost.cost_missing_reason), so one unmeasured task never blanks the total.
-- grain: task-graph project (one DAG execution)
-- key: execution_id
WITH steps AS (
    SELECT * FROM dag_execution_steps WHERE action_type = 'task' AND status <> 'cancelled'
),
downstream AS (
    SELECT DISTINCT from_task AS task_id FROM tg_stg_dependencies WHERE is_blocking
),
sinks AS (
    SELECT s.execution_id,
           to_json(list(json_object('task_id', s.task_id, 'description', s.description, 'result', try_cast(s.result AS JSON))
                        ORDER BY s.completed_at, s.task_id)) AS final_result
    FROM steps s
    WHERE s.status IN ('done', 'done_partial') AND s.task_id NOT IN (SELECT task_id FROM downstream)
    GROUP BY s.execution_id
),
counts AS (
    SELECT
        execution_id,
        count(*)                                                           AS total_tasks,
        count(*) FILTER (WHERE status IN ('done', 'done_partial'))         AS completed_tasks,
        count(*) FILTER (WHERE status = 'failed')                          AS failed_tasks,
        count(*) FILTER (WHERE status IN ('pending', 'ready'))             AS waiting_tasks,
        count(*) FILTER (WHERE status IN ('claimed', 'running'))           AS running_tasks,
        min(claimed_at)                                                    AS started_at,
        max(completed_at)                                                  AS last_finished_at,
        sum(total_tokens)                                                  AS total_tokens,
        sum(cost_usd)                                                      AS total_cost_usd,
        count(*) FILTER (WHERE cost_usd IS NULL AND attempts > 0)          AS unmeasured_tasks,
        count(DISTINCT coalesce(session_id, agent_id))                     AS agents_used,
        sum(tool_calls)                                                    AS tools_invoked,
        max(wave_number)                                                   AS wave_count,
        string_agg(DISTINCT error, '; ') FILTER (WHERE status = 'failed')  AS error
    FROM steps
    GROUP BY execution_id
),
cancelled AS (
    SELECT project_id AS execution_id, count(*) AS cancelled_tasks
    FROM tg_stg_tasks WHERE kind = 'task' AND status = 'cancelled' GROUP BY 1
)
SELECT
    p.project_id                                                           AS execution_id,
    p.name                                                                 AS title,
    try_cast(p.metadata->>'goal' AS VARCHAR)                               AS primary_intent,
    CASE
        WHEN coalesce(c.total_tasks, 0) = 0 THEN 'pending'
        WHEN c.running_tasks > 0 THEN 'running'
        WHEN c.waiting_tasks > 0 AND c.started_at IS NULL THEN 'pending'
        WHEN c.waiting_tasks > 0 THEN 'waiting'
        WHEN c.completed_tasks = c.total_tasks THEN 'completed'
        WHEN c.completed_tasks = 0 THEN 'failed'
        ELSE 'partial'
    END                                                                    AS status,
    p.created_at,
    c.started_at,
    CASE WHEN c.running_tasks = 0 AND c.waiting_tasks = 0 THEN c.last_finished_at END AS completed_at,
    date_diff('millisecond', c.started_at,
              CASE WHEN c.running_tasks = 0 AND c.waiting_tasks = 0 THEN c.last_finished_at END) AS duration_ms,
    coalesce(c.total_tasks, 0)                                             AS total_tasks,
    coalesce(c.completed_tasks, 0)                                         AS completed_tasks,
    coalesce(c.failed_tasks, 0)                                            AS failed_tasks,
    coalesce(c.waiting_tasks, 0)                                           AS waiting_tasks,
    coalesce(c.running_tasks, 0)                                           AS running_tasks,
    coalesce(x.cancelled_tasks, 0)                                         AS cancelled_tasks,
    coalesce(c.wave_count, 0)                                              AS wave_count,
    coalesce(c.agents_used, 0)                                             AS agents_used,
    coalesce(c.tools_invoked, 0)                                           AS tools_invoked,
    coalesce(c.total_tokens, 0)                                            AS total_tokens,
    c.total_cost_usd,
    coalesce(c.unmeasured_tasks, 0)                                        AS unmeasured_tasks,
    s.final_result,
    c.error
FROM tg_stg_projects p
LEFT JOIN counts c ON c.execution_id = p.project_id
LEFT JOIN cancelled x ON x.execution_id = p.project_id
LEFT JOIN sinks s ON s.execution_id = p.project_id
