-- tg_stg_dependencies: one row per dependency edge (FROM must finish before TO), typed.
-- grain: dependency edge
-- key: from_task, to_task
SELECT
    CAST(row->>'id' AS BIGINT)                 AS dependency_id,
    row->>'from_task'                          AS from_task,
    row->>'to_task'                            AS to_task,
    row->>'kind'                               AS kind,             -- blocks | feeds_into | suggests
    coalesce(row->>'condition', 'on_success')  AS condition,
    kind IN ('blocks', 'feeds_into')           AS is_blocking,
    CAST(row->>'created_at' AS TIMESTAMP)      AS created_at
FROM raw_tg_dependencies
