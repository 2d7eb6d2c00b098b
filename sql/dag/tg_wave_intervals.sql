-- tg_wave_intervals: the task-graph claim intervals of each wave's tasks (cancelled tasks left
-- out); grp = the wave's id (execution_id:w<wave>).
CREATE OR REPLACE TABLE tg_wave_intervals AS
SELECT
    l.project_id || ':w' || l.wave_number   AS grp,
    l.project_id                            AS execution_id,
    l.wave_number,
    a.work_key, a.agent_key, a.started_at, a.ended_at, a.is_open
FROM tg_task_levels l
JOIN tg_stg_tasks t USING (task_id)
JOIN tg_activity_intervals a ON a.source = 'task_graph' AND a.work_key = l.task_id
WHERE t.status <> 'cancelled';
