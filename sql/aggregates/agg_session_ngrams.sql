-- agg_session_ngrams: tool-call sequences of length 3 to 5 within one conversation (a session's
-- main thread, or one subagent) and how often each occurs in the session. Kept per session so a
-- build recomputes only the sessions it touched; rpt_tool_ngrams sums them.
-- grain: session and tool sequence
-- key: session_id, sequence
WITH seq AS (
    SELECT session_id,
           tool_name AS t1,
           lead(tool_name, 1) OVER w AS t2,
           lead(tool_name, 2) OVER w AS t3,
           lead(tool_name, 3) OVER w AS t4,
           lead(tool_name, 4) OVER w AS t5
    FROM fact_execution_step
    WHERE in_scope(session_id)
    WINDOW w AS (PARTITION BY session_id, agent_id ORDER BY called_at, tool_use_id)
),
grams AS (
    SELECT session_id, 3 AS steps, concat_ws(' → ', t1, t2, t3) AS sequence FROM seq WHERE t3 IS NOT NULL
    UNION ALL SELECT session_id, 4, concat_ws(' → ', t1, t2, t3, t4) FROM seq WHERE t4 IS NOT NULL
    UNION ALL SELECT session_id, 5, concat_ws(' → ', t1, t2, t3, t4, t5) FROM seq WHERE t5 IS NOT NULL
)
SELECT session_id, sequence, steps, count(*) AS occurrences
FROM grams
GROUP BY ALL
