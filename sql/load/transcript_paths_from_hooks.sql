-- transcript_paths_from_hooks: the transcript paths named by the hook events stored since the last
-- scan ($since, NULL for all) into raw_transcript_sources. Every event of a session names the same
-- main transcript (transcript_path, also inside subagents), so one payload per session is read
-- (its first and its last event's, in case one lacks it) rather than every payload (parsing
-- 200,000 payloads twice cost ~0.4 s); subagent files come from SubagentStop's agent_transcript_path.
-- Parameters: $since, $now.
INSERT INTO raw_transcript_sources (path, found_via, first_seen_at)
WITH fresh AS (
    SELECT session_id, event, ts, payload FROM raw_hook_events
    WHERE ($since IS NULL OR ingested_at >= CAST($since AS TIMESTAMP))
      -- events another machine pushed to a team lake name its files: they came through the lake
      AND source_file NOT LIKE 'lake:%'
)
SELECT DISTINCT p, 'hook', CAST($now AS TIMESTAMP) FROM (
    SELECT arg_min(payload, ts) ->> 'transcript_path' AS p FROM fresh GROUP BY session_id
    UNION ALL
    SELECT arg_max(payload, ts) ->> 'transcript_path' FROM fresh GROUP BY session_id
    UNION ALL
    SELECT payload ->> 'agent_transcript_path' FROM fresh WHERE event = 'SubagentStop'
) WHERE p IS NOT NULL AND p <> ''
ON CONFLICT DO NOTHING
