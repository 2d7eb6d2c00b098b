-- raw_tg_dependencies: every dependency edge of the SQLite task graph, verbatim, as of the
-- last snapshot that saw new events (FROM must finish before TO).
-- grain: dependency edge
-- key: row
CREATE TABLE IF NOT EXISTS raw_tg_dependencies (
    row           JSON NOT NULL,        -- the whole SQLite row (from_task, to_task, kind, …)
    snapshot_id   BIGINT NOT NULL
);
