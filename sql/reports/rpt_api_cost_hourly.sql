-- rpt_api_cost_hourly(since, until, session, machine): agg_api_hourly in the window (by the hour), with the
-- call date. cost_usd is NULL (never 0) for the groups of a model with no price that day. The
-- other reports build on this.
-- grain: session, agent, launching task, model, hour and pricing tier
-- key: session_id, agent_id, task_id, model, call_hour, long_context
SELECT a.*, CAST(a.call_hour AS DATE) AS call_date
FROM agg_api_hourly a
WHERE (since IS NULL OR a.call_hour >= since)
  AND (until IS NULL OR a.call_hour < until)
  AND (session IS NULL OR a.session_id = session)
  AND (machine IS NULL OR a.host = machine)
