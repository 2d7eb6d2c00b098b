-- rpt_cost_per_verified_task(since, until, session, machine): what one verified task costs, by agent
-- type and model (those that spent most output tokens on the task), over the tasks claimed in
-- the window. Every task's spend counts, failed and unverified attempts included:
-- cost_per_verified_task_usd = all spend in the group / verified tasks in the group. Spend that was
-- not measured stays out of the sums (NULL, never 0) and is counted: unmeasured_tasks (no API call
-- in the claim window, or a claim outside any session; grouped as '(unmeasured)') and
-- unpriced_tasks (a model without a price).
-- grain: agent type and model
-- key: agent_type, model
-- all history: v_cost_per_verified_task
SELECT
    coalesce(agent_type, '(unmeasured)')                         AS agent_type,
    coalesce(model, '(unmeasured)')                              AS model,
    count(*)                                                     AS tasks,
    count(*) FILTER (WHERE verified)                             AS verified_tasks,
    round(count(*) FILTER (WHERE verified) * 100.0 / count(*), 1) AS verified_pct,
    round(sum(total_tokens))::BIGINT                             AS total_tokens,
    round(sum(cost_usd), 6)                                      AS total_cost_usd,
    round(sum(cost_usd) / count(*), 6)                           AS cost_per_task_usd,
    round(sum(cost_usd) / nullif(count(*) FILTER (WHERE verified), 0), 6) AS cost_per_verified_task_usd,
    round(sum(total_tokens) / nullif(count(*) FILTER (WHERE verified), 0))::BIGINT AS tokens_per_verified_task,
    sum(unpriced_api_calls)                                      AS unpriced_api_calls,
    sum(unmeasured_claims)                                       AS unmeasured_claims,
    count(*) FILTER (WHERE cost_missing_reason = 'unpriced model') AS unpriced_tasks,
    count(*) FILTER (WHERE cost_missing_reason IS NOT NULL AND cost_missing_reason <> 'unpriced model') AS unmeasured_tasks
FROM task_cost
WHERE attempts > 0
  AND (since IS NULL OR claimed_at >= since)
  AND (until IS NULL OR claimed_at < until)
  AND (session IS NULL OR session_id = session)
  AND (machine IS NULL OR machine = (SELECT max(host) FROM raw_machine))
GROUP BY ALL
ORDER BY cost_per_verified_task_usd NULLS LAST, agent_type, model
