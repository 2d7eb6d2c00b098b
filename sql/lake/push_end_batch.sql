-- push_end_batch: the batch's files are all in place: move the position past it.
UPDATE lake_push_state SET
    pushed_until  = pending_until,
    pending_until = NULL,
    pending_batch = NULL,
    batches       = batches + 1,
    rows_pushed   = rows_pushed + $rows,
    files_pushed  = files_pushed + $files,
    bytes_pushed  = bytes_pushed + $bytes,
    last_push_at  = $now
WHERE lake_id = $lake_id AND table_name = $table AND pending_batch = $batch
