-- lake_push_state: how far this machine has pushed each raw table to each team lake (`agentdag
-- push --to DIR`). Push sends the rows whose new-since column (ingest/lake/raw-tables.ts) is above
-- pushed_until. A batch is first recorded as pending, then written, then committed here: a push
-- killed in between redoes exactly that batch, under the same file names, before anything new.
-- grain: lake × raw table
-- key: (lake_id, table_name)
CREATE TABLE IF NOT EXISTS lake_push_state (
    lake_id        VARCHAR   NOT NULL,  -- DIR/_lake.json "id": a lake mounted elsewhere keeps its position, a new lake at the old path starts over
    table_name     VARCHAR   NOT NULL,  -- the raw table
    pushed_until   VARCHAR,             -- every row up to this new-since value is in the lake (NULL: none yet); the value as text
    pending_until  VARCHAR,             -- a batch begun and not finished covers (pushed_until, pending_until]
    pending_batch  VARCHAR,             -- that batch's id: the name of its files
    lake_path      VARCHAR   NOT NULL,  -- where the lake was last pushed to
    host           VARCHAR   NOT NULL,  -- the machine name the rows were pushed under
    batches        BIGINT    NOT NULL,  -- batches committed
    rows_pushed    BIGINT    NOT NULL,
    files_pushed   BIGINT    NOT NULL,
    bytes_pushed   BIGINT    NOT NULL,
    last_push_at   TIMESTAMP,           -- when the last batch was committed (UTC)
    PRIMARY KEY (lake_id, table_name)
);
