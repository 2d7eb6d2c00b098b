-- rpt_routing_success(since, until, session): the seed's v_routing_success on real keys. Per
-- routing pattern (subagent type): how many subagents were launched and how many of them
-- completed; success_rate, the headline, is that completion rate: routing succeeded when the
-- routed subagent did. The seed's step-level rate (how the tool calls inside the launched
-- subagents ended; steps join their routing on session_id + task_id + agent_name) is kept beside
-- it as step_success_rate. Tokens are the subagents' real totals from their transcripts.
-- grain: subagent type (routing pattern)
-- key: agent_name, tool_name
-- all history: v_routing_success
WITH r AS (
    SELECT * FROM fact_routing_decision
    WHERE (since IS NULL OR routed_at >= since)
      AND (until IS NULL OR routed_at < until)
      AND (session IS NULL OR session_id = session)
      AND (machine IS NULL OR host = machine)
),
steps AS (
    SELECT r.agent_name, r.tool_name,
           sum(e.steps)                                          AS steps,
           coalesce(sum(e.steps) FILTER (WHERE e.status = 'success'), 0) AS successes,
           sum(e.duration_ms_sum) / nullif(sum(e.duration_ms_n), 0) AS avg_duration_ms
    FROM r
    JOIN agg_step_hourly e
      ON e.session_id = r.session_id AND e.task_id = r.task_id AND e.agent_name = r.agent_name
    GROUP BY 1, 2
),
launches AS (
    SELECT r.agent_name, r.tool_name,
           count(*)                                              AS total_routings,
           count(*) FILTER (WHERE r.subagent_status = 'completed') AS completed_subagents,
           count(*) FILTER (WHERE r.subagent_status = 'error')   AS failed_subagents,
           count(*) FILTER (WHERE r.subagent_status = 'running') AS unfinished_subagents,
           avg(s.total_tokens)                                   AS avg_total_tokens
    FROM r
    LEFT JOIN fact_synthesis_result s ON s.session_id = r.session_id AND s.task_id = r.task_id
    GROUP BY 1, 2
)
SELECT
    l.agent_name,
    l.tool_name,
    l.total_routings,
    l.completed_subagents,
    l.failed_subagents,
    l.unfinished_subagents,
    round(l.completed_subagents * 100.0 / nullif(l.total_routings, 0), 1) AS success_rate,
    coalesce(s.steps, 0)                                         AS steps,
    coalesce(s.successes, 0)                                     AS successes,
    round(s.successes * 100.0 / nullif(s.steps, 0), 1)           AS step_success_rate,
    round(s.avg_duration_ms, 1)                                  AS avg_duration_ms,
    round(l.avg_total_tokens, 1)                                 AS avg_total_tokens
FROM launches l
LEFT JOIN steps s USING (agent_name, tool_name)
ORDER BY total_routings DESC, agent_name
