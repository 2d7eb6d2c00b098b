-- tg_claim_tool_steps: the tool calls (fact_execution_step) each claim's session made while it
-- held the claim, shared like tg_claim_api_calls when a session held several claims at once.
CREATE OR REPLACE TABLE tg_claim_tool_steps AS
WITH matched AS (
    SELECT
        c.task_id, c.attempt, c.claim_event_id,
        s.*,
        count(*) OVER (PARTITION BY s.step_key) AS open_claims
    FROM tg_task_claims c
    JOIN tg_tool_steps s
      ON s.session_id = c.session_id
     AND s.called_at >= c.claimed_at
     AND s.called_at <  coalesce(c.ended_at, TIMESTAMP 'infinity')
)
SELECT *, 1.0 / open_claims AS share FROM matched;
