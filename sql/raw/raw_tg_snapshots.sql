-- raw_tg_snapshots: one row per ingest that read the task graph: where, when, and how far.
-- grain: ingest that read the task graph
-- key: snapshot_id
CREATE TABLE IF NOT EXISTS raw_tg_snapshots (
    snapshot_id   BIGINT PRIMARY KEY,
    taken_at      TIMESTAMPTZ NOT NULL,
    tasks_db      VARCHAR NOT NULL,     -- path of tasks.sqlite
    max_event_id  BIGINT NOT NULL,      -- highest event id copied so far
    events_new    BIGINT NOT NULL,
    tasks         BIGINT NOT NULL,      -- task rows copied (every task on a full copy, else the changed ones)
    full_reload   BOOLEAN NOT NULL      -- the task graph was replaced (its ids restarted)
);
