-- load_listing: the lake files of one load chunk (one raw table), filled by the Appender: where
-- each is, whose it is, how big. Joined to the rows read from them to record raw_lake_files.
CREATE OR REPLACE TEMP TABLE lake_load_listing (
    path      VARCHAR NOT NULL,  -- inside the lake
    abs_path  VARCHAR NOT NULL,  -- as read_parquet's filename column gives it
    host      VARCHAR NOT NULL,
    day       DATE    NOT NULL,
    bytes     BIGINT  NOT NULL
)
