-- batch_repeats_ids: after a batch was inserted, how many of its rows repeat an event id stored
-- before or earlier in the batch. Almost always 0, and then the loader skips dedup_batch.sql.
-- Parameters: $source, $from, $ingested_at (identify the batch's rows).
SELECT count(*) - count(DISTINCT event_id) AS repeats
FROM raw_hook_events
WHERE event_id IN (
    SELECT event_id FROM raw_hook_events
    WHERE source_file = $source AND byte_offset >= $from AND ingested_at = $ingested_at
)
