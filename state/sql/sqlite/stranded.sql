-- One row per live task of project @project that can never run or finish: an upstream it needs
-- was cancelled or failed for good, transitively through dependents and through composite
-- parents (which wait for every child). What-if reports the ones a command would add.
WITH RECURSIVE dead(id) AS (
  -- Start from the few dead ends through their partial index: written exactly as the index's
  -- WHERE so the planner may use it (otherwise it scanned every edge: 1.6 s at 100k tasks).
  SELECT d.to_task FROM tasks u INDEXED BY tasks_dead_ends
  JOIN dependencies d ON d.from_task = u.id JOIN tasks t ON t.id = d.to_task
  WHERE u.project_id = @project AND u.status IN ('failed', 'cancelled') AND d.kind <> 'suggests'
    AND t.status IN ('pending', 'ready')
    AND CASE COALESCE(d.condition, 'on_success')
          WHEN 'on_failure' THEN u.status = 'cancelled'
          WHEN 'always' THEN 0
          ELSE u.status = 'cancelled' OR u.retries >= u.max_retries
        END
  UNION
  SELECT d.to_task FROM dependencies d JOIN tasks u ON u.id = d.from_task JOIN tasks t ON t.id = d.to_task
  WHERE d.condition = 'on_failure' AND u.project_id = @project AND u.status IN ('done', 'done_partial')
    AND t.status IN ('pending', 'ready')
  UNION
  SELECT d.to_task FROM dead JOIN dependencies d ON d.from_task = dead.id JOIN tasks t ON t.id = d.to_task
  WHERE d.kind <> 'suggests' AND COALESCE(d.condition, 'on_success') = 'on_success'
    AND (t.status IN ('pending', 'ready') OR (t.kind = 'composite' AND t.status = 'running'))
  UNION
  -- a composite task cannot finish while one of its children never will
  SELECT p.id FROM dead JOIN tasks c ON c.id = dead.id JOIN tasks p ON p.id = c.parent_task_id
  WHERE p.status IN ('pending', 'running'))
SELECT t.id, t.title, t.status FROM dead JOIN tasks t ON t.id = dead.id
