-- raw_tg_projects: every project of the SQLite task graph, verbatim, as of the last snapshot
-- that saw new events. A project is one DAG execution in the warehouse (dag_executions).
-- grain: task-graph project
-- key: project_id
CREATE TABLE IF NOT EXISTS raw_tg_projects (
    project_id    VARCHAR PRIMARY KEY,
    row           JSON NOT NULL,
    snapshot_id   BIGINT NOT NULL
);
