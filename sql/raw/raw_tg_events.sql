-- raw_tg_events: one row per event of the SQLite task graph (tasks.sqlite `events`), verbatim.
-- Append-only and keyed by the task graph's monotonic event id: each ingest copies only the
-- events above the highest id already here (ingest/task-graph.ts).
-- grain: task-graph event
-- key: event_id
CREATE TABLE IF NOT EXISTS raw_tg_events (
    event_id      BIGINT PRIMARY KEY,   -- events.id in the task graph
    row           JSON NOT NULL,        -- the whole SQLite row, column name → value
    snapshot_id   BIGINT NOT NULL       -- raw_tg_snapshots.snapshot_id that copied it
);
