-- push_state: this lake's push position for one raw table (no row: never pushed).
SELECT pushed_until, pending_until, pending_batch, batches
FROM lake_push_state
WHERE lake_id = $lake_id AND table_name = $table
