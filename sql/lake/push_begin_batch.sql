-- push_begin_batch: record a batch as pending before its files are written, so a push killed while
-- writing them redoes the same rows under the same names (nothing a reader would count twice).
INSERT INTO lake_push_state
    (lake_id, table_name, pushed_until, pending_until, pending_batch, lake_path, host,
     batches, rows_pushed, files_pushed, bytes_pushed, last_push_at)
VALUES ($lake_id, $table, $after, $until, $batch, $lake_path, $host, 0, 0, 0, 0, NULL)
ON CONFLICT (lake_id, table_name) DO UPDATE SET
    pending_until = excluded.pending_until,
    pending_batch = excluded.pending_batch,
    lake_path = excluded.lake_path,
    host = excluded.host
