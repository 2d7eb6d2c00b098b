-- No task is claimed, running or done while a blocking dependency of it is unmet, unless it
-- finished before the edge was added (plan adaptation may wire finished work) or the edge was
-- added to it while it was already running (insert/pivot rewiring never does that).
SELECT t.id, t.status, d.from_task, u.status AS upstream_status
FROM tasks t
JOIN dependencies d ON d.to_task = t.id AND d.kind <> 'suggests'
JOIN tasks u ON u.id = d.from_task
WHERE t.kind = 'task' AND t.status IN ('claimed', 'running')
  AND d.created_at <= t.claimed_at
  AND NOT (CASE COALESCE(d.condition, 'on_success')
             WHEN 'on_failure' THEN u.status = 'failed'
             WHEN 'always' THEN u.status IN ('done', 'done_partial', 'failed', 'cancelled')
             ELSE u.status IN ('done', 'done_partial')
           END);
