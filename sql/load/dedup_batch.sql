-- dedup_batch: after a batch was inserted (load_hook_events.sql), delete its rows whose event id
-- was stored before (an earlier file or run) or occurs earlier in the same batch: a line seen
-- twice is stored once, the first time it was read.
-- Parameters: $source, $from (the batch's first byte), $ingested_at (identify the batch's rows).
-- Runs only when batch_repeats_ids.sql found a repeated id (the usual batch, all new and all
-- distinct, skips it). Only ids that now occur more than once reach the window.
DELETE FROM raw_hook_events
WHERE rowid IN (
    SELECT rowid FROM (
        SELECT rowid, in_batch,
               row_number() OVER (PARTITION BY event_id ORDER BY in_batch, byte_offset) AS nth
        FROM (
            SELECT rowid, event_id, byte_offset,
                   (source_file = $source AND byte_offset >= $from AND ingested_at = $ingested_at) AS in_batch
            FROM raw_hook_events
            WHERE event_id IN (
                SELECT event_id FROM raw_hook_events
                WHERE event_id IN (
                    SELECT event_id FROM raw_hook_events
                    WHERE source_file = $source AND byte_offset >= $from AND ingested_at = $ingested_at
                )
                GROUP BY event_id
                HAVING count(*) > 1
            )
        )
    )
    WHERE in_batch AND nth > 1
)
