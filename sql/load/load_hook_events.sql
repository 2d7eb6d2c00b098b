-- load_hook_events: insert one journal batch (the placeholder below is replaced by journal_batch.sql) into raw_hook_events.
-- A row with a problem aborts the statement (error()), so the caller falls back to the slow
-- path that sorts the lines out one by one: the fast path never stores a row it should reject.
-- The check sits in the join key, so it runs for every row before the anti-join.
-- Dedup against stored events by an anti-join (no index; see raw_hook_events.sql); duplicates
-- inside the batch are removed by dedup_batch.sql in the same transaction.
INSERT INTO raw_hook_events
SELECT event_id, v, ts, host, event, session_id, agent_id, agent_type, payload, cut, redacted,
       $source, byte_offset, $ingested_at
FROM (
    SELECT * REPLACE (
        CASE WHEN problem IS NULL THEN event_id
             ELSE error('agentdag: journal line at byte ' || coalesce(byte_offset::VARCHAR, '?') || ': ' || problem)
        END AS event_id)
    FROM ({{batch}})
) AS batch
WHERE NOT EXISTS (SELECT 1 FROM raw_hook_events r WHERE r.event_id = batch.event_id)
