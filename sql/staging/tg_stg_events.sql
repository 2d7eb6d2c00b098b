-- tg_stg_events: one row per task-graph event (raw_tg_events), fields picked out and typed.
-- Times are UTC (the task graph stamps ISO-8601 'Z' times inside SQLite).
-- grain: task-graph event
-- key: event_id
SELECT
    event_id,
    row->>'project_id'                         AS project_id,
    row->>'task_id'                            AS task_id,
    row->>'event_type'                         AS event_type,
    row->>'from_status'                        AS from_status,
    row->>'to_status'                          AS to_status,
    row->>'agent_id'                           AS agent_id,
    row->>'session_id'                         AS session_id,
    try_cast(row->>'payload' AS JSON)          AS payload,
    CAST(row->>'created_at' AS TIMESTAMP)      AS created_at
FROM raw_tg_events
