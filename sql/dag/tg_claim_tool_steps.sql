-- tg_claim_tool_steps: the tool calls (fact_execution_step) each claim's session made while it
-- held the claim, shared like tg_claim_api_calls (tg_claimed).
CREATE OR REPLACE TABLE tg_claim_tool_steps AS SELECT * FROM tg_claimed('tg_tool_steps');
