-- raw_tg_tasks: the current state of every task of the SQLite task graph, verbatim, as of the
-- last snapshot that saw new events. One row per task; history lives in raw_tg_events.
-- grain: task-graph task (current state)
-- key: task_id
CREATE TABLE IF NOT EXISTS raw_tg_tasks (
    task_id       VARCHAR PRIMARY KEY,  -- tasks.id
    row           JSON NOT NULL,        -- the whole SQLite row
    snapshot_id   BIGINT NOT NULL
);
