-- Every journal event is stored once (the loader dedups on the envelope id).
SELECT event_id, count(*) AS copies FROM raw_hook_events GROUP BY event_id HAVING count(*) > 1
