-- concurrent_execution_sessions (seed 003 §4.3): periods of overlapping work, one row per
-- island of overlapping intervals of tg_activity_intervals, per source (task-graph claims, or
-- Claude Code subagents). Peaks come from a sweep over the interval edges: an interval that
-- ends at the very instant another starts does not overlap it (ends sort before starts).
--   peak_concurrent_tasks   most intervals open at once
--   peak_concurrent_agents  most distinct agents working at once (an agent holding two claims
--                           at once counts once: its intervals are merged first)
CREATE OR REPLACE TABLE concurrent_execution_sessions AS
WITH iv AS (
    SELECT *,
           max(ended_at) OVER (PARTITION BY source ORDER BY started_at, ended_at, work_key
                               ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) AS prev_max_end
    FROM tg_activity_intervals
),
islands AS (
    SELECT *,
           sum(CASE WHEN prev_max_end IS NULL OR started_at >= prev_max_end THEN 1 ELSE 0 END)
               OVER (PARTITION BY source ORDER BY started_at, ended_at, work_key ROWS UNBOUNDED PRECEDING) AS island
    FROM iv
),
task_edges AS (
    SELECT source, island, started_at AS edge_at, 1 AS delta FROM islands
    UNION ALL
    SELECT source, island, ended_at, -1 FROM islands
),
task_peaks AS (
    SELECT source, island, max(open_now) AS peak_concurrent_tasks
    FROM (SELECT source, island,
                 sum(delta) OVER (PARTITION BY source, island ORDER BY edge_at, delta ROWS UNBOUNDED PRECEDING) AS open_now
          FROM task_edges)
    GROUP BY ALL
),
agent_iv AS (   -- merge each agent's own overlapping intervals, so it counts once
    SELECT *,
           max(ended_at) OVER (PARTITION BY source, island, agent_key ORDER BY started_at, ended_at
                               ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) AS agent_prev_end
    FROM islands
),
agent_runs AS (
    SELECT *,
           sum(CASE WHEN agent_prev_end IS NULL OR started_at > agent_prev_end THEN 1 ELSE 0 END)
               OVER (PARTITION BY source, island, agent_key ORDER BY started_at, ended_at ROWS UNBOUNDED PRECEDING) AS run
    FROM agent_iv
),
agent_spans AS (
    SELECT source, island, agent_key, run, min(started_at) AS started_at, max(ended_at) AS ended_at
    FROM agent_runs GROUP BY ALL
),
agent_edges AS (
    SELECT source, island, started_at AS edge_at, 1 AS delta FROM agent_spans
    UNION ALL
    SELECT source, island, ended_at, -1 FROM agent_spans
),
agent_peaks AS (
    SELECT source, island, max(open_now) AS peak_concurrent_agents
    FROM (SELECT source, island,
                 sum(delta) OVER (PARTITION BY source, island ORDER BY edge_at, delta ROWS UNBOUNDED PRECEDING) AS open_now
          FROM agent_edges)
    GROUP BY ALL
)
SELECT
    i.source || ':' || strftime(min(i.started_at), '%Y%m%dT%H%M%S.%g') || ':' || i.island AS id,
    i.source,
    min(i.started_at)                                       AS started_at,
    CASE WHEN bool_or(i.is_open) THEN NULL ELSE max(i.ended_at) END AS completed_at,
    CASE WHEN bool_or(i.is_open) THEN 'active'
         WHEN bool_or(i.end_status = 'failed') THEN 'failed'
         ELSE 'completed' END                               AS status,
    count(DISTINCT i.execution_id)                          AS execution_count,
    list(DISTINCT i.execution_id ORDER BY i.execution_id)   AS execution_ids,
    count(DISTINCT (i.execution_id, i.wave_number)) FILTER (WHERE i.wave_number IS NOT NULL) AS total_wave_count,
    count(DISTINCT i.work_key)                              AS total_task_count,
    count(DISTINCT i.agent_key)                             AS total_agent_count,
    any_value(a.peak_concurrent_agents)                     AS peak_concurrent_agents,
    any_value(t.peak_concurrent_tasks)                      AS peak_concurrent_tasks,
    date_diff('millisecond', min(i.started_at), max(i.ended_at)) AS duration_ms
FROM islands i
JOIN task_peaks t USING (source, island)
JOIN agent_peaks a USING (source, island)
GROUP BY i.source, i.island;
