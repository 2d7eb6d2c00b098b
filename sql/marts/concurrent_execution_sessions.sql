-- concurrent_execution_sessions (seed 003 §4.3): periods of overlapping work, one row per
-- island of tg_activity_islands (per source: task-graph claims, or Claude Code subagents).
--   peak_concurrent_tasks   most intervals open at once (tg_interval_peaks)
--   peak_concurrent_agents  most distinct agents at work at once (over tg_agent_spans)
-- grain: period of overlapping work (an island)
-- key: id
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
    any_value(a.peak)                                       AS peak_concurrent_agents,
    any_value(t.peak)                                       AS peak_concurrent_tasks,
    date_diff('millisecond', min(i.started_at), max(i.ended_at)) AS duration_ms
FROM tg_activity_islands i
JOIN tg_interval_peaks t ON t.grp = i.grp AND t.intervals = 'tasks'
JOIN tg_interval_peaks a ON a.grp = i.grp AND a.intervals = 'agents'
GROUP BY i.source, i.island
