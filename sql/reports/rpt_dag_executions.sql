-- rpt_dag_executions(since, until, session, machine): DAG executions (one per task-graph project) that
-- started in the window (and that the session worked on), newest first.
-- grain: task-graph project (DAG execution)
-- key: execution_id
SELECT * EXCLUDE (final_result)
FROM dag_executions
WHERE (since IS NULL OR started_at >= since)
  AND (until IS NULL OR started_at < until)
  AND (session IS NULL OR execution_id IN (SELECT execution_id FROM task_cost WHERE session_id = session))
  AND (machine IS NULL OR machine = (SELECT max(host) FROM raw_machine))
ORDER BY started_at DESC NULLS LAST, execution_id
