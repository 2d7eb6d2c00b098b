-- Step statuses are the five the model defines, and every step names its tool and session.
-- scope: sessions (each row names its session; an incremental build checks the sessions it rebuilt)
SELECT session_id, tool_use_id, tool_name, status FROM fact_execution_step
WHERE in_scope(session_id)
  AND (status NOT IN ('success', 'error', 'denied', 'interrupted', 'timeout') OR tool_name IS NULL OR session_id IS NULL)
