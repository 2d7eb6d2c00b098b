-- tg_activity_islands: tg_activity_intervals grouped into islands of overlapping work, per
-- source: an interval starts a new island when it starts at or after the end of every interval
-- before it. grp = source:island names the island (one concurrent execution session).
-- grain: activity interval, with the island of overlapping work it belongs to
-- key: source, agent_key, work_key, started_at
WITH ordered AS (
    SELECT *,
           max(ended_at) OVER (PARTITION BY source ORDER BY started_at, ended_at, work_key
                               ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) AS prev_max_end
    FROM tg_activity_intervals
),
numbered AS (
    SELECT *,
           sum(CASE WHEN prev_max_end IS NULL OR started_at >= prev_max_end THEN 1 ELSE 0 END)
               OVER (PARTITION BY source ORDER BY started_at, ended_at, work_key ROWS UNBOUNDED PRECEDING) AS island
    FROM ordered
)
SELECT source || ':' || island AS grp, * EXCLUDE (prev_max_end) FROM numbered
