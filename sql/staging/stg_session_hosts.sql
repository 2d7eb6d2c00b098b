-- stg_session_hosts: the machine each session ran on, which every fact keeps as `host`: the host
-- its hook events name (the hook writes it into every envelope), else the machine that pushed
-- its rows to the team lake (raw_lake_sessions), else this warehouse's own machine (raw_machine:
-- a session known only from this machine's transcripts).
-- grain: session
-- key: session_id
WITH hooks AS (
    SELECT session_id, min(host) AS host
    FROM raw_hook_events
    WHERE in_scope(session_id) AND session_id IS NOT NULL AND nullif(host, '') IS NOT NULL
    GROUP BY session_id
),
sessions AS (
    SELECT session_id FROM hooks
    UNION
    SELECT DISTINCT session_id FROM raw_transcript_lines WHERE in_scope(session_id) AND session_id IS NOT NULL
)
SELECT s.session_id, coalesce(h.host, l.host, (SELECT max(host) FROM raw_machine)) AS host
FROM sessions s
LEFT JOIN hooks h USING (session_id)
LEFT JOIN raw_lake_sessions l USING (session_id)
