-- rpt_hosts(since, until, session, machine): one row per machine this warehouse knows: when it
-- last pushed to a team lake and how much (its own account, LAKE/hosts/<host>.json, on the team
-- machine; this machine's pushes, lake_push_state, on a pushing one), what the team build loaded
-- from it (files, rows, bytes, days), and its sessions, tool calls and API calls in the window.
-- Read at query time (a view, not a table built with the models): a push changes it without a build.
-- grain: machine
-- key: host
WITH told AS (   -- what each machine says it pushed (the team machine reads LAKE/hosts/*.json)
    SELECT host, max(pushed_at) AS last_push_at,
           sum(list_sum([CAST(manifest->'tables'->k->>'rows' AS BIGINT) FOR k IN json_keys(manifest->'tables')])) AS rows_pushed,
           sum(list_sum([CAST(manifest->'tables'->k->>'bytes' AS BIGINT) FOR k IN json_keys(manifest->'tables')])) AS bytes_pushed
    FROM raw_lake_hosts
    GROUP BY host
),
own AS (         -- this machine's pushes, to every lake it pushed to
    SELECT host, max(last_push_at) AS last_push_at, sum(rows_pushed) AS rows_pushed, sum(bytes_pushed) AS bytes_pushed
    FROM lake_push_state
    GROUP BY host
),
loaded AS (      -- what the team build took from each machine's folders
    SELECT host, count(*) AS files, sum(rows_read) AS rows_read, sum(bytes) AS bytes,
           min(day) AS first_day, max(day) AS last_day, max(loaded_at) AS last_loaded_at
    FROM raw_lake_files
    GROUP BY host
),
calls AS (
    SELECT host, session_id, sum(api_calls) AS api_calls, sum(cost_usd) AS cost_usd,
           coalesce(sum(api_calls) FILTER (WHERE cost_usd IS NULL), 0) AS unpriced_calls, max(last_called_at) AS last_at
    FROM agg_api_hourly
    WHERE (since IS NULL OR call_hour >= since) AND (until IS NULL OR call_hour < until)
      AND (session IS NULL OR session_id = session)
    GROUP BY ALL
),
steps AS (
    SELECT host, session_id, sum(steps) AS tool_calls, max(last_finished_at) AS last_at
    FROM agg_step_hourly
    WHERE (since IS NULL OR call_hour >= since) AND (until IS NULL OR call_hour < until)
      AND (session IS NULL OR session_id = session)
    GROUP BY ALL
),
activity AS (
    SELECT host, count(DISTINCT session_id) AS sessions, sum(tool_calls) AS tool_calls, sum(api_calls) AS api_calls,
           CASE WHEN coalesce(sum(unpriced_calls), 0) = 0 THEN round(coalesce(sum(cost_usd), 0), 6) END AS cost_usd,
           max(greatest(c.last_at, s.last_at)) AS last_activity_at
    FROM calls c
    FULL OUTER JOIN steps s USING (host, session_id)
    GROUP BY host
),
hosts AS (
    SELECT host FROM told UNION SELECT host FROM own UNION SELECT host FROM loaded
    UNION SELECT host FROM activity UNION SELECT host FROM raw_machine
)
SELECT
    h.host,
    h.host IN (SELECT host FROM raw_machine)                   AS this_machine,
    coalesce(t.last_push_at, o.last_push_at)                   AS last_push_at,
    coalesce(t.rows_pushed, o.rows_pushed)                     AS rows_pushed,
    coalesce(t.bytes_pushed, o.bytes_pushed)                   AS bytes_pushed,
    l.files                                                    AS files_loaded,
    l.rows_read                                                AS rows_loaded,
    l.first_day,
    l.last_day,
    l.last_loaded_at,
    coalesce(a.sessions, 0)                                    AS sessions,
    coalesce(a.tool_calls, 0)                                  AS tool_calls,
    coalesce(a.api_calls, 0)                                   AS api_calls,
    a.cost_usd,
    a.last_activity_at
FROM hosts h
LEFT JOIN told t USING (host)
LEFT JOIN own o USING (host)
LEFT JOIN loaded l USING (host)
LEFT JOIN activity a USING (host)
WHERE h.host IS NOT NULL AND (machine IS NULL OR h.host = machine)
ORDER BY last_push_at DESC NULLS LAST, h.host
