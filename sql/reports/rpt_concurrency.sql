-- rpt_concurrency(since, until, session, machine): periods of parallel work (concurrent_execution_sessions)
-- that started in the window, with their peak concurrent agents and tasks, from task-graph
-- claims and from Claude Code subagents alike. `session` keeps the periods that session was in.
-- grain: period of parallel work
-- key: id
SELECT *
FROM concurrent_execution_sessions c
WHERE (since IS NULL OR started_at >= since)
  AND (until IS NULL OR started_at < until)
  AND (session IS NULL OR list_contains(execution_ids, session)
  AND (machine IS NULL OR machine = (SELECT max(host) FROM raw_machine))
       OR EXISTS (SELECT 1 FROM tg_activity_intervals a
                  WHERE a.source = c.source AND a.agent_key = session
                    AND a.started_at >= c.started_at AND a.started_at <= coalesce(c.completed_at, TIMESTAMP 'infinity')))
ORDER BY started_at DESC, source
