-- dedup_batch: keep only the first line of each event id among the rows one batch just inserted
-- (the same line twice in one file: a journal concatenated with a copy of itself).
-- Parameters: $source, $from (the batch's first byte), $ingested_at.
DELETE FROM raw_hook_events
WHERE rowid IN (
    SELECT rowid FROM (
        SELECT rowid, row_number() OVER (PARTITION BY event_id ORDER BY byte_offset) AS nth
        FROM raw_hook_events
        WHERE source_file = $source AND byte_offset >= $from AND ingested_at = $ingested_at
    )
    WHERE nth > 1
)
