-- No ready task has an unmet blocking dependency.
SELECT t.id, d.from_task, u.status AS upstream_status FROM tasks t
JOIN dependencies d ON d.to_task = t.id AND d.kind <> 'suggests'
JOIN tasks u ON u.id = d.from_task
WHERE t.status = 'ready' AND NOT (
  CASE COALESCE(d.condition, 'on_success')
    WHEN 'on_failure' THEN u.status = 'failed'
    WHEN 'always' THEN u.status IN ('done', 'done_partial', 'failed', 'cancelled')
    ELSE u.status IN ('done', 'done_partial')
  END);
