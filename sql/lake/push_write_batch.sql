-- push_write_batch: the staged batch as Parquet, one folder per day (day=YYYY-MM-DD/data_0.parquet)
-- under a scratch folder of the lake; push then renames each file into DIR/raw/<table>/host=…/day=…/.
-- The day is the folder, not a column of the file (Hive style). Snappy: every engine and hyparquet
-- read it without extra codecs.
-- Placeholder: {{target}} (a quoted path: COPY's target cannot be a bound parameter).
COPY lake_push_rows TO {{target}} (FORMAT parquet, PARTITION_BY (day), COMPRESSION snappy)
