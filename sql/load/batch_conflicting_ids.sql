-- batch_conflicting_ids: the batch's rows that dedup_batch.sql is about to delete (their event id
-- was stored before, or occurs earlier in the batch) whose content differs from the row kept.
-- The same line read twice (a re-read segment, the hook's rewrite after a rotation, a journal
-- copied from two machines) is a repeat and goes quietly; the same id on another event is a
-- conflict, and the loader makes it a reject (duplicate_id) instead of dropping it unseen.
-- Parameters: $source, $from, $ingested_at (identify the batch's rows), as dedup_batch.sql.
-- grain: batch line whose event id is taken by another event
WITH ranked AS (
    SELECT event_id, source_file, byte_offset,
           (source_file = $source AND byte_offset >= $from AND ingested_at = $ingested_at) AS in_batch,
           md5(CAST(ROW(v, ts, host, event, session_id, agent_id, agent_type, payload, cut, redacted) AS VARCHAR)) AS content
    FROM raw_hook_events
    WHERE event_id IN (
        SELECT event_id FROM raw_hook_events
        WHERE source_file = $source AND byte_offset >= $from AND ingested_at = $ingested_at
    )
),
numbered AS (
    SELECT *, row_number() OVER (PARTITION BY event_id ORDER BY in_batch, byte_offset) AS nth FROM ranked
)
SELECT d.byte_offset, d.event_id, k.source_file AS kept_source, k.byte_offset AS kept_offset
FROM numbered AS d
JOIN numbered AS k ON k.event_id = d.event_id AND k.nth = 1
WHERE d.in_batch AND d.nth > 1 AND d.content <> k.content
ORDER BY d.byte_offset
