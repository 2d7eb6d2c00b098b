-- ingest_reject_batch: scratch table (per connection) for one batch's rejected lines, filled by
-- the Appender (fast even when a whole dropped file is garbage) and drained by load_rejects.sql.
CREATE TEMP TABLE IF NOT EXISTS ingest_reject_batch (
    byte_offset  BIGINT  NOT NULL,
    byte_length  BIGINT  NOT NULL,
    reason       VARCHAR NOT NULL,
    detail       VARCHAR,
    text         VARCHAR NOT NULL,
    bytes        BLOB
);
