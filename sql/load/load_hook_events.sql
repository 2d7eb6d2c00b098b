-- load_hook_events: insert one journal batch (the placeholder below is replaced by journal_batch.sql) into raw_hook_events.
-- A row with a problem aborts the statement (error()), so the caller falls back to the slow
-- path that sorts the lines out one by one: the fast path never stores a row it should reject.
-- No anti-join against the stored events here: measured when the insert read read_json directly,
-- DuckDB built the join's hash table on the batch, i.e. copied every payload once more (CPU time
-- of the insert up ~2×). Repeated ids are rare: batch_repeats_ids.sql counts them after the insert, and
-- dedup_batch.sql removes them, in the same transaction.
INSERT INTO raw_hook_events
SELECT CASE WHEN problem IS NULL THEN event_id
            ELSE error('agentdag: journal line at byte ' || coalesce(byte_offset::VARCHAR, '?') || ': ' || problem)
       END,
       v, ts, host, event, session_id, agent_id, agent_type, payload, cut, redacted,
       $source, byte_offset, $ingested_at
FROM ({{batch}})
