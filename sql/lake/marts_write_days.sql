-- marts_write_days: the staged mart's rows of the days to rewrite as Parquet, one folder per day
-- (day=YYYY-MM-DD/data_0.parquet) under a scratch folder of the lake; the team build then renames
-- each file over DIR/marts/<mart>/day=…/data.parquet.
-- Placeholder: {{target}} (a quoted path).
COPY (
    SELECT * FROM lake_mart_rows
    WHERE coalesce(CAST(day AS VARCHAR), '__HIVE_DEFAULT_PARTITION__') IN (SELECT day FROM lake_mart_todo)
) TO {{target}} (FORMAT parquet, PARTITION_BY (day), COMPRESSION snappy)
