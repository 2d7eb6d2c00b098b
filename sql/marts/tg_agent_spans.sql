-- tg_agent_spans: each agent's time at work within an island, its own overlapping or touching
-- intervals merged (an agent holding two claims at once is one agent at work, not two).
-- grain: stretch of one agent at work within an island
-- key: grp, agent_key, run
WITH ordered AS (
    SELECT *,
           max(ended_at) OVER (PARTITION BY grp, agent_key ORDER BY started_at, ended_at
                               ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) AS prev_end
    FROM tg_activity_islands
),
runs AS (
    SELECT *,
           sum(CASE WHEN prev_end IS NULL OR started_at > prev_end THEN 1 ELSE 0 END)
               OVER (PARTITION BY grp, agent_key ORDER BY started_at, ended_at ROWS UNBOUNDED PRECEDING) AS run
    FROM ordered
)
SELECT grp, agent_key, run, min(started_at) AS started_at, max(ended_at) AS ended_at
FROM runs
GROUP BY ALL
