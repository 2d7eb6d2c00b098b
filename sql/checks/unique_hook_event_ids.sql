-- Every journal event is stored once (the loader dedups on the envelope id): one row per copy of
-- an id stored more than once, with its session. In scope: the ids of the sessions in scope, each
-- looked for among all rows (a copy may sit in a session no build touches again).
-- scope: sessions (each row names its session; an incremental build checks the sessions it rebuilt)
SELECT session_id, event_id, source_file, byte_offset, copies
FROM (
    SELECT session_id, event_id, source_file, byte_offset, count(*) OVER (PARTITION BY event_id) AS copies
    FROM raw_hook_events
    WHERE event_id IN (SELECT event_id FROM raw_hook_events WHERE in_scope(session_id))
)
WHERE copies > 1
