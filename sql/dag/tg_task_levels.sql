-- tg_task_levels: the wave of every workable task = 1 + the longest chain of blocking edges
-- (blocks, feeds_into) above it; `suggests` never orders work. A composite task is a container:
-- an edge into or out of it stands for edges into or out of each of its leaf tasks.
-- UNION (not UNION ALL) keeps one row per (task, depth), so diamonds do not multiply paths.
CREATE OR REPLACE TABLE tg_task_levels AS
WITH RECURSIVE
leaf_of(container, leaf) AS (
    SELECT task_id, task_id FROM tg_stg_tasks
    UNION
    SELECT l.container, c.task_id
    FROM leaf_of l JOIN tg_stg_tasks c ON c.parent_task_id = l.leaf
),
leaves AS (
    SELECT l.container, l.leaf
    FROM leaf_of l JOIN tg_stg_tasks t ON t.task_id = l.leaf
    WHERE t.kind = 'task'
),
edges AS (
    SELECT DISTINCT f.leaf AS from_task, t.leaf AS to_task
    FROM tg_stg_dependencies d
    JOIN leaves f ON f.container = d.from_task
    JOIN leaves t ON t.container = d.to_task
    WHERE d.is_blocking AND f.leaf <> t.leaf
),
depth(task_id, level) AS (
    SELECT task_id, 1 FROM tg_stg_tasks WHERE kind = 'task'
    UNION
    SELECT e.to_task, d.level + 1 FROM depth d JOIN edges e ON e.from_task = d.task_id
)
SELECT d.task_id, t.project_id, max(d.level) AS wave_number
FROM depth d JOIN tg_stg_tasks t USING (task_id)
GROUP BY d.task_id, t.project_id;
