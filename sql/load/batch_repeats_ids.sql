-- batch_repeats_ids: how many lines of the staged batch (stage_journal_lines.sql) repeat an event
-- id, stored before or earlier in the batch. Run before the insert: when it is 0, as for almost
-- every batch, the loader skips dedup_batch.sql, whose scans of the stored ids cost more
-- (1M new envelopes: ~0.2 s here against ~0.6 s).
SELECT (SELECT count(*) - count(DISTINCT id ->> '$') FROM journal_batch_lines)
     + (SELECT count(*) FROM raw_hook_events WHERE event_id IN (SELECT id ->> '$' FROM journal_batch_lines))
       AS repeats
