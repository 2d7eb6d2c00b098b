-- build_state: what the last model build was built from (one row): the fingerprint of the model
-- SQL and the prices (a change rebuilds everything), the task-graph snapshot it saw (a newer one
-- rebuilds the task-graph models) and what it did. Written in the build's own transaction.
-- grain: the last build
-- key: (one row)
CREATE TABLE IF NOT EXISTS build_state (
    fingerprint         VARCHAR   NOT NULL,  -- sha256 of every model file, the runner's own SQL and the prices
    tg_snapshot_id      BIGINT    NOT NULL,  -- max(raw_tg_snapshots.snapshot_id) the build read (0: none)
    built_at            TIMESTAMP NOT NULL,
    mode                VARCHAR   NOT NULL,  -- full | incremental
    sessions_rebuilt    BIGINT    NOT NULL,
    build_ms            BIGINT    NOT NULL
);
