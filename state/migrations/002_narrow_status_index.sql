-- 002: every status change moved an entry in tasks_project_status, one more WAL page per claim and
-- per completion (7.85 → 6.98 WAL pages of 4 KiB per claim, measured as WAL growth over 200 claims). Its readers
-- either have a better index (the ready queue, the lease index) or are occasional whole-project
-- reads (status counts, list: ~10 ms at 100k tasks). What-if's "stranded" search only needs the
-- rare dead ends, so index just those.
DROP INDEX tasks_project_status;
CREATE INDEX tasks_dead_ends ON tasks (project_id, status) WHERE status IN ('failed', 'cancelled');
