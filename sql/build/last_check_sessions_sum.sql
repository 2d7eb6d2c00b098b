-- last_check_sessions_sum: each per-session check's failure as ingest reports it: all its rows,
-- and up to 5 of them.
SELECT check_name,
       sum(failing_rows)                                          AS failing_rows,
       CAST(to_json(flatten(list(json_extract(sample, '$[*]') ORDER BY session_key))[1:5]) AS VARCHAR) AS sample
FROM last_check_sessions
GROUP BY check_name
ORDER BY check_name
