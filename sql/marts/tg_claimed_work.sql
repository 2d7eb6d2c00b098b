-- tg_claimed_work: what each task-graph claim paid for: the API calls (api_call_cost) and the tool
-- calls (fact_execution_step) the claim's session made (main thread or any of its subagents) while
-- holding the claim. When one session holds several claims at once, each item is shared equally
-- between them (`share` = 1 / open claims), so a task's measured cost never counts a call twice.
-- Never from what the agent reports: only the transcripts' deduplicated, priced usage and the hooks.
-- grain: API call or tool call within a claim
-- key: task_id, attempt, kind, item_key
WITH claim_sessions AS (SELECT DISTINCT session_id FROM tg_task_claims WHERE session_id IS NOT NULL),
items AS (
    SELECT
        'api_call'                                                          AS kind,
        message_id || ':' || coalesce(request_id, '')                       AS item_key,
        session_id, agent_name, model, called_at,
        input_tokens, output_tokens, cache_read_tokens,
        cache_write_5m_tokens + cache_write_1h_tokens                       AS cache_write_tokens,
        input_tokens + output_tokens + cache_read_tokens
            + cache_write_5m_tokens + cache_write_1h_tokens                 AS total_tokens,
        cost_usd,
        NULL::VARCHAR AS tool_name, NULL::VARCHAR AS status, NULL::BIGINT AS duration_ms
    FROM api_call_cost
    WHERE session_id IN (SELECT session_id FROM claim_sessions)
    UNION ALL
    SELECT
        'tool_call', session_id || ':' || tool_use_id, session_id, agent_name, model, called_at,
        NULL, NULL, NULL, NULL, NULL, NULL,
        tool_name, status, duration_ms
    FROM fact_execution_step
    WHERE called_at IS NOT NULL AND session_id IN (SELECT session_id FROM claim_sessions)
)
SELECT
    c.task_id, c.project_id, c.attempt, c.claim_event_id,
    a.*,
    1.0 / count(*) OVER (PARTITION BY a.kind, a.item_key) AS share
FROM tg_task_claims c
JOIN items a
  ON a.session_id = c.session_id
 AND a.called_at >= c.claimed_at
 AND a.called_at <  coalesce(c.ended_at, TIMESTAMP 'infinity')
