-- Every task has its task_created event (events are written by trigger, in the same transaction).
SELECT t.id FROM tasks t
WHERE NOT EXISTS (SELECT 1 FROM events e WHERE e.task_id = t.id AND e.event_type = 'task_created');
