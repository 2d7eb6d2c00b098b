-- tg_interval_peaks: the most intervals open at one instant in each group, for the three interval
-- sets the parallelism figures use: claims and subagents per island (intervals 'tasks'), each
-- agent's merged spans per island ('agents'), and the claims of each wave ('wave'). A sweep over
-- the interval edges, where ends sort before starts at the same instant (touching intervals do not
-- overlap).
-- grain: group of intervals (island or wave) and interval set
-- key: intervals, grp
WITH edges AS (
    SELECT 'tasks' AS intervals, grp, started_at AS edge_at, 1 AS delta FROM tg_activity_islands
    UNION ALL SELECT 'tasks', grp, ended_at, -1 FROM tg_activity_islands
    UNION ALL SELECT 'agents', grp, started_at, 1 FROM tg_agent_spans
    UNION ALL SELECT 'agents', grp, ended_at, -1 FROM tg_agent_spans
    UNION ALL SELECT 'wave', grp, started_at, 1 FROM tg_wave_intervals
    UNION ALL SELECT 'wave', grp, ended_at, -1 FROM tg_wave_intervals
)
SELECT intervals, grp, max(open_now) AS peak
FROM (
    SELECT intervals, grp,
           sum(delta) OVER (PARTITION BY intervals, grp ORDER BY edge_at, delta ROWS UNBOUNDED PRECEDING) AS open_now
    FROM edges
)
GROUP BY intervals, grp
