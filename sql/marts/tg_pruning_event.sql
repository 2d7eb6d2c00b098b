-- tg_pruning_event: task-graph work that was cut off, in fact_pruning_event's shape (the build
-- appends them to it): one row per cancelled task, with the plan change that cancelled it
-- (pivot, replan, or a plain cancel) and what had already been spent on it (task_cost).
-- grain: cancelled task-graph task
-- key: task_id, record_source
SELECT
    coalesce(e.session_id, c.session_id, 'task-graph:' || e.project_id) AS session_id,
    e.project_id                                                        AS goal_id,
    e.task_id,
    e.agent_id                                                          AS agent_name,
    NULL::VARCHAR                                                       AS agent_id,
    CASE split_part(coalesce(e.payload->>'reason', ''), ':', 1)
        WHEN 'pivot' THEN 'pivot' WHEN 'replan' THEN 'replan' ELSE 'task_cancel' END AS pruning_reason,
    'task'                                                              AS pruned_kind,
    NULL::VARCHAR                                                       AS tool_name,
    NULL::VARCHAR                                                       AS tool_use_id,
    round(coalesce(c.tool_calls, 0))::INTEGER                           AS steps_completed,
    round(coalesce(c.total_tokens, 0))::BIGINT                          AS tokens_spent,
    e.payload->>'reason'                                                AS detail,
    e.created_at                                                        AS pruned_at,
    CAST(e.created_at AS DATE)                                          AS call_date,
    'task_graph:event:' || e.event_id                                   AS record_source,
    (SELECT max(host) FROM raw_machine)                                 AS host   -- this warehouse's task graph
FROM tg_stg_events e
LEFT JOIN task_cost c USING (task_id)
WHERE e.event_type = 'task_cancelled'
