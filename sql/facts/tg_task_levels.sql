-- tg_task_levels: the wave of every workable task-graph task: 1 + the longest chain of blocking
-- edges (blocks, feeds_into) above it. A composite task is a container: an edge into or out of it
-- stands for edges into or out of each of its leaf tasks, however deep. Same rule as the live
-- dashboard's dependency waves (state/), computed here in SQL so the warehouse needs no code.
-- Longest path by relaxation (USING KEY keeps one row per task, and a task is revisited only when
-- its wave grows): ~100 rounds for a 100-level graph. Measured on bench/dag.ts's 10k-task graph
-- with skip edges: see README (the plain recursive CTE, which enumerates paths, took 18.5 s).
-- grain: workable task of the task graph
-- key: task_id
WITH RECURSIVE leaf_of(node, leaf) AS (       -- every task and each of its ancestors → its leaf tasks
    SELECT task_id, task_id FROM tg_stg_tasks WHERE kind = 'task'
    UNION
    SELECT t.parent_task_id, l.leaf
    FROM leaf_of l JOIN tg_stg_tasks t ON t.task_id = l.node
    WHERE t.parent_task_id IS NOT NULL
),
edges AS (
    SELECT DISTINCT lf.leaf AS from_task, lt.leaf AS to_task
    FROM tg_stg_dependencies d
    JOIN leaf_of lf ON lf.node = d.from_task
    JOIN leaf_of lt ON lt.node = d.to_task
    WHERE d.kind IN ('blocks', 'feeds_into') AND lf.leaf <> lt.leaf
),
waves(task_id, wave_number) USING KEY (task_id) AS (
    SELECT task_id, 1 FROM tg_stg_tasks WHERE kind = 'task'
    UNION
    SELECT e.to_task, max(w.wave_number) + 1
    FROM waves w
    JOIN edges e ON e.from_task = w.task_id
    JOIN recurring.waves cur ON cur.task_id = e.to_task
    GROUP BY e.to_task, cur.wave_number
    -- the task graph refuses cycles; the bound only stops a damaged copy from looping forever
    HAVING max(w.wave_number) + 1 > cur.wave_number AND max(w.wave_number) < (SELECT count(*) FROM tg_stg_tasks)
)
SELECT w.task_id, t.project_id, CAST(w.wave_number AS INTEGER) AS wave_number
FROM waves w JOIN tg_stg_tasks t USING (task_id)
