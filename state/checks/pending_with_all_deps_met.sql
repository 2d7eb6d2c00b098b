-- Promotion missed nothing: no plain pending task has every blocking dependency met.
-- (The same question as task_readiness.promotable, asked only of pending tasks: the whole view
-- groups every task and took seconds at 100k tasks.)
SELECT t.id FROM tasks t
WHERE t.status = 'pending' AND t.kind = 'task'
  AND NOT EXISTS (
    SELECT 1 FROM dependencies d JOIN tasks u ON u.id = d.from_task
    WHERE d.to_task = t.id AND d.kind <> 'suggests' AND NOT (
      CASE COALESCE(d.condition, 'on_success')
        WHEN 'on_failure' THEN u.status = 'failed'
        WHEN 'always' THEN u.status IN ('done', 'done_partial', 'failed', 'cancelled')
        ELSE u.status IN ('done', 'done_partial')
      END));
