-- tg_stg_projects: one row per task-graph project (= one DAG execution), typed.
-- grain: task-graph project
-- key: project_id
SELECT
    project_id,
    row->>'name'                               AS name,
    row->>'status'                             AS status,
    try_cast(row->>'metadata' AS JSON)         AS metadata,
    CAST(row->>'created_at' AS TIMESTAMP)      AS created_at
FROM raw_tg_projects
