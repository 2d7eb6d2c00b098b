-- raw_lake_files: every lake file the team build has loaded (`agentdag ingest --lake DIR`), so
-- each is read once, by name. Inserted in the transaction that stores the file's rows.
-- grain: lake file
-- key: (lake_id, path)
CREATE TABLE IF NOT EXISTS raw_lake_files (
    lake_id     VARCHAR   NOT NULL,  -- DIR/_lake.json "id"
    path        VARCHAR   NOT NULL,  -- inside the lake: raw/<table>/host=<host>/day=<day>/<batch>.parquet
    table_name  VARCHAR   NOT NULL,  -- the raw table its rows went to
    host        VARCHAR   NOT NULL,  -- the machine that pushed it
    day         DATE      NOT NULL,  -- its day partition
    rows_read   BIGINT    NOT NULL,  -- rows in the file (some may have been here already: a journal pushed from two machines)
    bytes       BIGINT    NOT NULL,
    loaded_at   TIMESTAMP NOT NULL,  -- the ingest run that loaded it (UTC)
    PRIMARY KEY (lake_id, path)
);
