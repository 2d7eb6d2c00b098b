-- One row per live task of project @project that can never run or finish: an upstream it needs
-- was cancelled or failed for good, transitively through dependents and through composite
-- parents (which wait for every child). What-if reports the ones a command would add.
-- PostgreSQL allows one recursive reference: dependents and parents of a dead task come from one
-- LATERAL subquery.
WITH RECURSIVE dead(id) AS (
  SELECT d.to_task FROM tasks u
  JOIN dependencies d ON d.from_task = u.id JOIN tasks t ON t.id = d.to_task
  WHERE u.project_id = @project AND u.status IN ('failed', 'cancelled') AND d.kind <> 'suggests'
    AND t.status IN ('pending', 'ready')
    AND CASE COALESCE(d.condition, 'on_success')
          WHEN 'on_failure' THEN u.status = 'cancelled'
          WHEN 'always' THEN false
          ELSE u.status = 'cancelled' OR u.retries >= u.max_retries
        END
  UNION
  SELECT d.to_task FROM dependencies d JOIN tasks u ON u.id = d.from_task JOIN tasks t ON t.id = d.to_task
  WHERE d.condition = 'on_failure' AND u.project_id = @project AND u.status IN ('done', 'done_partial')
    AND t.status IN ('pending', 'ready')
  UNION
  SELECT n.id FROM dead CROSS JOIN LATERAL (
    SELECT d.to_task AS id FROM dependencies d JOIN tasks t ON t.id = d.to_task
    WHERE d.from_task = dead.id AND d.kind <> 'suggests' AND COALESCE(d.condition, 'on_success') = 'on_success'
      AND (t.status IN ('pending', 'ready') OR (t.kind = 'composite' AND t.status = 'running'))
    UNION ALL
    -- a composite task cannot finish while one of its children never will
    SELECT p.id FROM tasks c JOIN tasks p ON p.id = c.parent_task_id
    WHERE c.id = dead.id AND p.status IN ('pending', 'running')) n)
SELECT t.id, t.title, t.status FROM dead JOIN tasks t ON t.id = dead.id
