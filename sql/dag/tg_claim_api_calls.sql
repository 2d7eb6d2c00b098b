-- tg_claim_api_calls: which API calls each claim paid for. An API call belongs to a claim when
-- the claim's session issued it (main thread or any of its subagents) while holding the claim.
-- When one session holds several claims at once, the call is shared equally between them
-- (`share` = 1 / open claims), so a task's measured cost never counts a call twice.
-- Never from what the agent reports: only transcripts' deduplicated usage (fact_api_call).
CREATE OR REPLACE TABLE tg_claim_api_calls AS
WITH matched AS (
    SELECT
        c.task_id, c.project_id, c.attempt, c.claim_event_id,
        a.*,
        count(*) OVER (PARTITION BY a.api_call_key) AS open_claims
    FROM tg_task_claims c
    JOIN tg_api_calls a
      ON a.session_id = c.session_id
     AND a.called_at >= c.claimed_at
     AND a.called_at <  coalesce(c.ended_at, TIMESTAMP 'infinity')
)
SELECT *, 1.0 / open_claims AS share FROM matched;
