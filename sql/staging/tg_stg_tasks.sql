-- tg_stg_tasks: one row per task of the task graph as of the last snapshot, typed.
-- grain: task-graph task (as of the last snapshot)
-- key: task_id
SELECT
    task_id,
    row->>'project_id'                                 AS project_id,
    row->>'parent_task_id'                             AS parent_task_id,
    row->>'title'                                      AS title,
    row->>'description'                                AS description,
    row->>'status'                                     AS status,
    row->>'kind'                                       AS kind,
    CAST(row->>'priority' AS INTEGER)                  AS priority,
    row->>'agent_id'                                   AS agent_id,
    row->>'session_id'                                 AS session_id,
    row->>'result'                                     AS result,        -- JSON text as the agent stored it
    row->>'error'                                      AS error,
    CAST(row->>'retries' AS INTEGER)                   AS retries,
    row->>'status_reason'                              AS status_reason,
    CAST(row->>'created_at' AS TIMESTAMP)              AS created_at,
    CAST(row->>'ready_at' AS TIMESTAMP)                AS ready_at,
    CAST(row->>'claimed_at' AS TIMESTAMP)              AS claimed_at,
    CAST(row->>'started_at' AS TIMESTAMP)              AS started_at,
    CAST(row->>'completed_at' AS TIMESTAMP)            AS completed_at,
    CAST(row->>'failed_at' AS TIMESTAMP)               AS failed_at,
    CAST(row->>'cancelled_at' AS TIMESTAMP)            AS cancelled_at
FROM raw_tg_tasks
