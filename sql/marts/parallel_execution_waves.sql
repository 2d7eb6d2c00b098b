-- parallel_execution_waves (seed 003): one row per wave of each DAG execution. A task's wave is
-- its dependency level (tg_task_levels); the timing and parallelism are what actually happened:
--   started_at / completed_at   first claim of a task in the wave / last end (NULL while open)
--   max_parallelism            most of the wave's tasks claimed at the same instant
--                              (tg_interval_peaks over tg_wave_intervals)
--   overlap_with_previous_ms   how long this wave ran while the previous one was still running
--                              (tasks start as soon as their own upstream is done, not the wave's)
-- grain: wave of a DAG execution
-- key: execution_id, wave_number
WITH members AS (
    SELECT l.project_id AS execution_id, l.wave_number, t.task_id, t.status
    FROM tg_task_levels l JOIN tg_stg_tasks t USING (task_id)
    WHERE t.status <> 'cancelled'
),
timing AS (
    SELECT grp, execution_id, wave_number,
           min(started_at) AS started_at,
           max(ended_at)   AS last_end,
           bool_or(is_open) AS any_open,
           count(DISTINCT agent_key) AS agent_count
    FROM tg_wave_intervals GROUP BY ALL
),
waves AS (
    SELECT
        m.execution_id,
        m.wave_number,
        count(*)                                                        AS task_count,
        count(*) FILTER (WHERE m.status IN ('done', 'done_partial', 'failed')) AS finished_count,
        count(*) FILTER (WHERE m.status = 'failed')                     AS failed_count,
        count(*) FILTER (WHERE m.status IN ('claimed', 'running'))      AS running_count
    FROM members m GROUP BY ALL
)
SELECT
    w.execution_id || ':w' || w.wave_number                             AS id,
    w.execution_id,
    w.wave_number,
    CASE WHEN w.running_count > 0 THEN 'running'
         WHEN w.finished_count = w.task_count AND w.failed_count > 0 THEN 'failed'
         WHEN w.finished_count = w.task_count THEN 'completed'
         WHEN t.started_at IS NOT NULL THEN 'running'
         ELSE 'pending' END                                             AS status,
    t.started_at,
    CASE WHEN w.finished_count = w.task_count AND NOT coalesce(t.any_open, false) THEN t.last_end END AS completed_at,
    w.task_count,
    coalesce(p.peak, 0)                                                 AS max_parallelism,
    coalesce(t.agent_count, 0)                                          AS agent_count,
    CASE WHEN t.started_at IS NOT NULL THEN greatest(0, date_diff('millisecond', t.started_at,
        lag(t.last_end) OVER (PARTITION BY w.execution_id ORDER BY w.wave_number))) END AS overlap_with_previous_ms
FROM waves w
LEFT JOIN timing t USING (execution_id, wave_number)
LEFT JOIN tg_interval_peaks p ON p.grp = w.execution_id || ':w' || w.wave_number AND p.intervals = 'wave'
