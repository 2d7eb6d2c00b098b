-- tg_wave_intervals: the task-graph claim intervals of each wave's tasks (cancelled tasks left
-- out); grp = the wave's id (execution_id:w<wave>).
-- grain: claim interval of a task in a wave
-- key: grp, work_key, started_at
SELECT
    l.project_id || ':w' || l.wave_number   AS grp,
    l.project_id                            AS execution_id,
    l.wave_number,
    a.work_key, a.agent_key, a.started_at, a.ended_at, a.is_open
FROM tg_task_levels l
JOIN tg_stg_tasks t USING (task_id)
JOIN tg_activity_intervals a ON a.source = 'task_graph' AND a.work_key = l.task_id
WHERE t.status <> 'cancelled'
