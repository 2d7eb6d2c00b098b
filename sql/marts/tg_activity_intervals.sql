-- tg_activity_intervals: every interval during which an agent worked on one piece of work,
-- from both sources of parallelism:
--   task_graph   one task-graph claim: agent = the claiming session (or --agent name), work = task
--   claude_code  one Claude Code subagent (dim_agent): agent = subagent id, work = the Agent call
-- An interval still open at the snapshot ends at the snapshot time and is marked open.
-- grain: interval of one agent working on one piece of work
-- key: source, agent_key, work_key, started_at
WITH snap AS (
    SELECT coalesce(max(taken_at)::TIMESTAMP, now()::TIMESTAMP) AS at FROM raw_tg_snapshots
)
SELECT
    'task_graph'                                    AS source,
    c.project_id                                    AS execution_id,
    coalesce(c.session_id, c.agent_id)              AS agent_key,
    c.task_id                                       AS work_key,
    l.wave_number,
    c.claimed_at                                    AS started_at,
    coalesce(c.ended_at, greatest(snap.at, c.claimed_at)) AS ended_at,
    c.ended_at IS NULL                              AS is_open,
    coalesce(c.end_status, 'running')               AS end_status
FROM tg_task_claims c
CROSS JOIN snap
LEFT JOIN tg_task_levels l USING (task_id)
UNION ALL
SELECT
    'claude_code',
    a.session_id,
    a.agent_id,
    coalesce(a.launch_tool_use_id, a.agent_id),
    NULL,
    a.started_at,
    coalesce(a.ended_at, a.started_at),
    a.ended_at IS NULL,
    CASE a.end_status WHEN 'error' THEN 'failed' WHEN 'completed' THEN 'done' ELSE a.end_status END
FROM dim_agent a
WHERE a.started_at IS NOT NULL AND NOT a.is_compaction
