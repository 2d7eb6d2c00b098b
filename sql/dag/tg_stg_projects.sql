-- tg_stg_projects: one row per task-graph project (= one DAG execution), typed.
CREATE OR REPLACE VIEW tg_stg_projects AS
SELECT
    project_id,
    row->>'name'                               AS name,
    row->>'status'                             AS status,
    try_cast(row->>'metadata' AS JSON)         AS metadata,
    CAST(row->>'created_at' AS TIMESTAMP)      AS created_at
FROM raw_tg_projects;
