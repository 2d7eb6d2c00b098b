-- One step per tool call.
SELECT session_id, tool_use_id, count(*) AS copies FROM fact_execution_step GROUP BY 1, 2 HAVING count(*) > 1
