-- push_totals: one row per raw table pushed to this lake: how much, how far, when (for the
-- machine's DIR/hosts/<host>.json and `agentdag push --json`).
SELECT table_name, batches, rows_pushed, files_pushed, bytes_pushed, pushed_until,
       strftime(last_push_at, '%Y-%m-%dT%H:%M:%S.%gZ') AS last_push_at
FROM lake_push_state
WHERE lake_id = $lake_id
ORDER BY table_name
