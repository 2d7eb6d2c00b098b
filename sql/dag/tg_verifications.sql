-- tg_verifications: test, lint and type-check runs and TaskCompleted events (adapter over
-- fact_verification) that decide whether a task-graph task was verified.
CREATE OR REPLACE VIEW tg_verifications AS
SELECT session_id, verification_type, passed, verified_at
FROM fact_verification
WHERE verified_at IS NOT NULL;
