-- lake_mart_state: what the team build last wrote to DIR/marts/ (`agentdag ingest --lake DIR`):
-- one fingerprint per mart and day partition, so a build rewrites only the days whose rows
-- changed (and removes the days that no longer have any).
-- grain: lake × mart × day partition
-- key: (lake_id, mart, day)
CREATE TABLE IF NOT EXISTS lake_mart_state (
    lake_id      VARCHAR   NOT NULL,
    mart         VARCHAR   NOT NULL,  -- DIR/marts/<mart>/
    day          VARCHAR   NOT NULL,  -- the partition folder's value (YYYY-MM-DD, __HIVE_DEFAULT_PARTITION__), '' for an unpartitioned mart
    rows         BIGINT    NOT NULL,
    fingerprint  VARCHAR   NOT NULL,  -- the mart's columns and a hash of every row of the day
    written_at   TIMESTAMP NOT NULL,
    PRIMARY KEY (lake_id, mart, day)
);
