-- tg_task_decomposition: fan-outs recorded by the task graph, in fact_task_decomposition's
-- shape (the build appends them to it): one row per child task created under a parent by
-- `task add --parent`, split, decompose, pivot or replan.
--   decomposition_depth  the child's depth under its top-level ancestor (1 = direct child)
--   strategy             parallel when no blocking edge links siblings of the batch, else sequential
-- grain: child task created under a parent in the task graph
-- key: child_task
WITH RECURSIVE created AS (
    SELECT e.event_id, e.project_id, e.task_id, e.session_id, e.created_at,
           e.payload->>'parent_task_id' AS parent_task_id,
           coalesce(nullif(split_part(e.payload->>'reason', ':', 1), ''), 'add') AS reason
    FROM tg_stg_events e
    WHERE e.event_type = 'task_created' AND (e.payload->>'parent_task_id') IS NOT NULL
),
chain(task_id, depth) AS (
    SELECT task_id, 0 FROM tg_stg_tasks WHERE parent_task_id IS NULL
    UNION
    SELECT t.task_id, c.depth + 1 FROM chain c JOIN tg_stg_tasks t ON t.parent_task_id = c.task_id
),
batches AS (
    SELECT parent_task_id, reason, count(*) AS subtask_count,
           bool_or(EXISTS (SELECT 1 FROM tg_stg_dependencies d JOIN tg_stg_tasks s ON s.task_id = d.from_task
                           WHERE d.to_task = c.task_id AND d.is_blocking AND s.parent_task_id = c.parent_task_id)) AS linked
    FROM created c
    GROUP BY ALL
)
SELECT
    coalesce(c.session_id, p.session_id, 'task-graph:' || c.project_id) AS session_id,
    c.project_id                                                        AS goal_id,
    NULL::VARCHAR                                                       AS model,
    c.parent_task_id                                                    AS parent_task,
    c.task_id                                                           AS child_task,
    coalesce(ch.depth, 1)                                               AS decomposition_depth,
    b.subtask_count,
    CASE WHEN b.linked THEN 'sequential' ELSE 'parallel' END            AS strategy,
    'task_graph_' || c.reason                                           AS fan_out_kind,
    c.parent_task_id || ':' || c.reason                                 AS batch_key,
    NULL::VARCHAR                                                       AS agent_name,
    c.created_at                                                        AS decomposed_at,
    CAST(c.created_at AS DATE)                                          AS call_date,
    'task_graph:event:' || c.event_id                                   AS record_source,
    (SELECT max(host) FROM raw_machine)                                 AS host   -- this warehouse's task graph
FROM created c
JOIN batches b USING (parent_task_id, reason)
LEFT JOIN chain ch ON ch.task_id = c.task_id
LEFT JOIN tg_stg_tasks p ON p.task_id = c.parent_task_id
