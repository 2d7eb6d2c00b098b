-- A claimed or running task has an agent, a claim time and a lease; no other task has a lease.
SELECT id, status, agent_id, lease_expires_at FROM tasks
WHERE (kind = 'task' AND status IN ('claimed', 'running') AND (agent_id IS NULL OR claimed_at IS NULL OR lease_expires_at IS NULL))
   OR (lease_expires_at IS NOT NULL AND NOT (kind = 'task' AND status IN ('claimed', 'running')));
