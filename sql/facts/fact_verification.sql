-- fact_verification: quality checks. TaskCompleted events (a task of the todo list marked done),
-- and test, lint and type-check commands recognised in Bash steps (passed = the command exited 0,
-- i.e. the step succeeded; a timeout or an error is a failed check).
-- grain: verification (a check command or a completed task)
-- key: session_id, record_source
WITH bash_checks AS (
    SELECT *,
        CASE
            WHEN regexp_matches(command, '(^|[\s;&|(])(tsc|mypy|pyright|flow)(\s|$)|\b(npm|pnpm|yarn|bun)\s+(run\s+)?(typecheck|type-check|tsc)\b')
                THEN 'type_check'
            WHEN regexp_matches(command, '(^|[\s;&|(])(eslint|ruff|flake8|pylint|golangci-lint|rubocop|shellcheck|biome|prettier\s+--check)(\s|$)|\bcargo\s+clippy\b|\b(npm|pnpm|yarn|bun)\s+(run\s+)?lint\b')
                THEN 'lint'
            WHEN regexp_matches(command, '(^|[\s;&|(])(pytest|vitest|jest|mocha|rspec|phpunit|ctest)(\s|$)|\b(go|cargo|dotnet|mvn|gradle|deno|bun)\s+test\b|\b(npm|pnpm|yarn)\s+(run\s+)?test\b|\bmake\s+(test|check)\b|\bpython3?\s+-m\s+(pytest|unittest)\b')
                THEN 'test_run'
        END AS verification_type
    FROM fact_execution_step
    WHERE tool_name = 'Bash' AND command IS NOT NULL AND status <> 'denied' AND in_scope(session_id)
)
SELECT
    session_id,
    goal_id,
    task_id,
    agent_name,
    verification_type,
    status = 'success'                                            AS passed,
    CASE WHEN status = 'success' THEN 0 ELSE 1 END                AS error_count,
    0                                                             AS warning_count,
    json_object('command', command, 'status', status, 'tool_use_id', tool_use_id) AS details,
    called_at                                                     AS verified_at,
    call_date,
    record_source,
    host
FROM bash_checks
WHERE verification_type IS NOT NULL
UNION ALL
SELECT
    h.session_id,
    h.prompt_id                                                   AS goal_id,
    a.launch_tool_use_id                                          AS task_id,
    CASE WHEN h.agent_id IS NULL THEN 'main' ELSE coalesce(a.agent_type, 'unknown') END AS agent_name,
    'task_completed'                                              AS verification_type,
    true                                                          AS passed,
    0, 0,
    json_object('task_id', h.task_id, 'task_subject', h.task_subject) AS details,
    h.ts                                                          AS verified_at,
    CAST(h.ts AS DATE)                                            AS call_date,
    h.event_id                                                    AS record_source,
    sh.host
FROM stg_hook_events h
LEFT JOIN dim_agent a ON a.session_id = h.session_id AND a.agent_id = h.agent_id
LEFT JOIN stg_session_hosts sh ON sh.session_id = h.session_id
WHERE h.event = 'TaskCompleted' AND in_scope(h.session_id)
