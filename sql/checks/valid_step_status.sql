-- Step statuses are the five the model defines, and every step names its tool and session.
SELECT session_id, tool_use_id, tool_name, status FROM fact_execution_step
WHERE status NOT IN ('success', 'error', 'denied', 'interrupted', 'timeout') OR tool_name IS NULL OR session_id IS NULL
