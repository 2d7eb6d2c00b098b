-- A task's status is the to_status of its latest status event: no transition went unrecorded.
SELECT t.id, t.status, e.to_status
FROM tasks t
JOIN events e ON e.id = (SELECT max(id) FROM events x WHERE x.task_id = t.id AND x.to_status IS NOT NULL)
WHERE e.to_status <> t.status;
