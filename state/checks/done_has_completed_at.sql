-- done / done_partial ⇔ completed_at is set (also a CHECK; this catches a schema without it).
SELECT id, status, completed_at FROM tasks
WHERE (status IN ('done', 'done_partial')) <> (completed_at IS NOT NULL);
