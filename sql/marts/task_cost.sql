-- task_cost: one row per workable task: what it really cost, measured from the session(s) that
-- held its claims (tg_claimed_work) — tokens, USD, wall time, tool
-- calls — and whether it was verified: a test/lint/type-check (fact_verification) ran in the
-- claiming session during the claim, and the last one passed.
-- cost_usd is NULL, never 0, when it was not measured, and cost_missing_reason says why: a call's
-- model has no price ('unpriced model'), a claim was taken with no Claude Code session to measure
-- (`--agent NAME` outside Claude Code), no API call fell in the claim windows, or no claim at all.
-- grain: workable task-graph task
-- key: task_id
WITH by_agent AS (   -- the agent type and the model that spent most output tokens on each task
    SELECT task_id, arg_max(agent_name, out) AS agent_type
    FROM (SELECT task_id, agent_name, sum(share * output_tokens) AS out FROM tg_claimed_work WHERE kind = 'api_call' GROUP BY ALL)
    GROUP BY task_id
),
by_model AS (
    SELECT task_id, arg_max(model, out) AS model
    FROM (SELECT task_id, model, sum(share * output_tokens) AS out FROM tg_claimed_work WHERE kind = 'api_call' GROUP BY ALL)
    GROUP BY task_id
),
-- Each call's share is made a DECIMAL before it is summed, as api_call_cost does for cost: a sum
-- of DOUBLEs depends on the order of its rows, which differs between an incremental build and a
-- full one (facts appended vs written anew); a sum of DECIMALs is exact in any order.
usage AS (
    SELECT
        task_id,
        sum(CAST(share AS DECIMAL(18, 6)))                              AS api_calls,
        sum(CAST(share * input_tokens AS DECIMAL(18, 6)))               AS input_tokens,
        sum(CAST(share * output_tokens AS DECIMAL(18, 6)))              AS output_tokens,
        sum(CAST(share * cache_read_tokens AS DECIMAL(18, 6)))          AS cache_read_tokens,
        sum(CAST(share * cache_write_tokens AS DECIMAL(18, 6)))         AS cache_write_tokens,
        sum(CAST(share * total_tokens AS DECIMAL(18, 6)))               AS total_tokens,
        sum(CAST(share * cost_usd AS DECIMAL(18, 12)))                  AS priced_cost_usd,
        count(*) FILTER (WHERE cost_usd IS NULL)            AS unpriced_api_calls
    FROM tg_claimed_work WHERE kind = 'api_call'
    GROUP BY task_id
),
steps AS (
    SELECT task_id,
           sum(CAST(share AS DECIMAL(18, 6)))                                            AS tool_calls,
           sum(CAST(share AS DECIMAL(18, 6))) FILTER (WHERE status <> 'success')         AS tool_failures
    FROM tg_claimed_work WHERE kind = 'tool_call'
    GROUP BY task_id
),
claims AS (
    SELECT task_id,
           count(*)                                         AS attempts,
           min(claimed_at)                                  AS claimed_at,
           max(ended_at)                                    AS ended_at,
           sum(duration_ms)                                 AS wall_ms,
           arg_max(session_id, claim_event_id)              AS session_id,
           arg_max(agent_id, claim_event_id)                AS agent_id,
           count(*) FILTER (WHERE session_id IS NULL)       AS unmeasured_claims
    FROM tg_task_claims
    GROUP BY task_id
),
checks AS (
    SELECT c.task_id,
           count(*)                                         AS verifications,
           arg_max(v.passed, v.verified_at)                 AS last_verification_passed
    FROM tg_task_claims c
    JOIN fact_verification v
      ON v.session_id = c.session_id
     AND v.verified_at IS NOT NULL
     AND v.verified_at >= c.claimed_at
     AND v.verified_at <  coalesce(c.ended_at, TIMESTAMP 'infinity')
    GROUP BY c.task_id
)
SELECT
    t.task_id,
    t.project_id                                            AS execution_id,
    t.title,
    t.status,
    cl.agent_id,
    cl.session_id,
    ba.agent_type,
    bm.model,
    coalesce(cl.attempts, 0)                                AS attempts,
    cl.claimed_at,
    cl.ended_at,
    cl.wall_ms,
    coalesce(u.api_calls, 0)                                AS api_calls,
    -- measured: some API call fell in a claim window. A claimed task with none, or with a claim
    -- outside any session, has NULL tokens and cost (cost_missing_reason), never a confident 0.
    CASE WHEN u.task_id IS NOT NULL THEN u.input_tokens END        AS input_tokens,
    CASE WHEN u.task_id IS NOT NULL THEN u.output_tokens END       AS output_tokens,
    CASE WHEN u.task_id IS NOT NULL THEN u.cache_read_tokens END   AS cache_read_tokens,
    CASE WHEN u.task_id IS NOT NULL THEN u.cache_write_tokens END  AS cache_write_tokens,
    CASE WHEN u.task_id IS NOT NULL THEN u.total_tokens END        AS total_tokens,
    CASE WHEN coalesce(u.unpriced_api_calls, 0) > 0 OR coalesce(cl.unmeasured_claims, 0) > 0 OR u.task_id IS NULL THEN NULL
         ELSE u.priced_cost_usd END                         AS cost_usd,
    CASE WHEN coalesce(cl.attempts, 0) = 0 THEN 'not claimed'
         WHEN coalesce(cl.unmeasured_claims, 0) > 0 THEN 'claimed outside a Claude Code session'
         WHEN u.task_id IS NULL THEN 'no API calls in claim window'
         WHEN u.unpriced_api_calls > 0 THEN 'unpriced model' END AS cost_missing_reason,
    coalesce(u.unpriced_api_calls, 0)                       AS unpriced_api_calls,
    coalesce(cl.unmeasured_claims, 0)                       AS unmeasured_claims,
    coalesce(s.tool_calls, 0)                               AS tool_calls,
    coalesce(s.tool_failures, 0)                            AS tool_failures,
    coalesce(ck.verifications, 0)                           AS verifications,
    t.status IN ('done', 'done_partial') AND coalesce(ck.last_verification_passed, false) AS verified
FROM tg_stg_tasks t
LEFT JOIN claims cl USING (task_id)
LEFT JOIN usage u USING (task_id)
LEFT JOIN by_agent ba USING (task_id)
LEFT JOIN by_model bm USING (task_id)
LEFT JOIN steps s USING (task_id)
LEFT JOIN checks ck USING (task_id)
WHERE t.kind = 'task'
