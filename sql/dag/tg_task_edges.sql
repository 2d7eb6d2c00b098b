-- tg_task_edges: the blocking edges (blocks, feeds_into) between workable tasks, from which
-- tg_task_levels computes the waves (ingest/task-graph-levels.ts); `suggests` never orders work.
-- A composite task is a container: an edge into or out of it stands for edges into or out of
-- each of its leaf tasks (however deep).
CREATE OR REPLACE VIEW tg_task_edges AS
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
)
SELECT DISTINCT f.leaf AS from_task, t.leaf AS to_task
FROM tg_stg_dependencies d
JOIN leaves f ON f.container = d.from_task
JOIN leaves t ON t.container = d.to_task
WHERE d.is_blocking AND f.leaf <> t.leaf;
