-- One row (1) when @goal can be reached from @start along "finishes before" links: a dependency
-- edge (from_task → to_task) or a child → its composite parent. Answers "would this edge close a
-- cycle?" in one recursive query; the engine walks the path in JS only to name the cycle.
WITH RECURSIVE reach(id) AS (
  SELECT @start
  UNION SELECT d.to_task FROM dependencies d JOIN reach r ON d.from_task = r.id
  UNION SELECT t.parent_task_id FROM tasks t JOIN reach r ON t.id = r.id WHERE t.parent_task_id IS NOT NULL)
SELECT 1 AS reachable FROM reach WHERE id = @goal LIMIT 1
