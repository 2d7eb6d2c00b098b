-- marts_write_whole: an unpartitioned mart (no day: all-history aggregates, dims) as one file.
-- Placeholder: {{target}} (a quoted path).
COPY (SELECT * EXCLUDE (day) FROM lake_mart_rows) TO {{target}} (FORMAT parquet, COMPRESSION snappy)
