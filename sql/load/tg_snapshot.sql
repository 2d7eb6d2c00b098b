-- tg_snapshot: store one snapshot of the task graph (read by state/read.ts, written to private NDJSON
-- files by ingest/task-graph.ts) in the raw_tg_* tables, in the caller's transaction.
--   events        appended (ids above the stored ones; all again when the graph was replaced: $full_reload)
--   tasks         the tasks the new events name replace their copies (every task when $whole)
--   dependencies  replaced whole when they were read ($dependencies_read: a new event may have changed an edge)
--   projects      replaced whole
-- Parameters: $events, $tasks, $dependencies, $projects (files), $snapshot_id, $tasks_db,
-- $max_event_id, $events_new, $tasks_copied, $full_reload, $whole, $dependencies_read.
DELETE FROM raw_tg_events WHERE $full_reload;
INSERT INTO raw_tg_events
SELECT event_id, row, $snapshot_id FROM read_json($events, format = 'newline_delimited', columns = {event_id: 'BIGINT', row: 'JSON'})
ON CONFLICT DO NOTHING;
DELETE FROM raw_tg_tasks
WHERE $whole OR task_id IN (SELECT task_id FROM read_json($tasks, format = 'newline_delimited', columns = {task_id: 'VARCHAR'}));
INSERT INTO raw_tg_tasks
SELECT task_id, row, $snapshot_id FROM read_json($tasks, format = 'newline_delimited', columns = {task_id: 'VARCHAR', row: 'JSON'});
DELETE FROM raw_tg_dependencies WHERE $dependencies_read;
INSERT INTO raw_tg_dependencies
SELECT row, $snapshot_id FROM read_json($dependencies, format = 'newline_delimited', columns = {row: 'JSON'});
DELETE FROM raw_tg_projects;
INSERT INTO raw_tg_projects
SELECT project_id, row, $snapshot_id FROM read_json($projects, format = 'newline_delimited', columns = {project_id: 'VARCHAR', row: 'JSON'});
INSERT INTO raw_tg_snapshots VALUES ($snapshot_id, now(), $tasks_db, $max_event_id, $events_new, $tasks_copied, $full_reload);
