-- A finished composite task has no unfinished child, and a composite task has at least one child.
SELECT p.id, p.status FROM tasks p
WHERE p.kind = 'composite' AND (
  NOT EXISTS (SELECT 1 FROM tasks c WHERE c.parent_task_id = p.id)
  OR (p.status IN ('done', 'done_partial', 'failed', 'cancelled')
      AND EXISTS (SELECT 1 FROM tasks c WHERE c.parent_task_id = p.id
                  AND c.status NOT IN ('done', 'done_partial', 'failed', 'cancelled'))));
