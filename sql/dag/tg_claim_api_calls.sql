-- tg_claim_api_calls: which API calls each claim paid for: the calls the claim's session issued
-- (main thread or any of its subagents) while holding the claim, shared between the claims the
-- session held at that instant (tg_claimed). Never from what the agent reports: only the
-- transcripts' deduplicated usage (fact_api_call).
CREATE OR REPLACE TABLE tg_claim_api_calls AS SELECT * FROM tg_claimed('tg_api_calls');
