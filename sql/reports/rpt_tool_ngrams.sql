-- rpt_tool_ngrams: tool-call sequences of length 3 to 5 within one conversation (a session's main
-- thread, or one subagent), how often they occur and in how many sessions: "this 5-step
-- sequence appears in every code review — make it a skill".
CREATE OR REPLACE MACRO rpt_tool_ngrams(since, until, session) AS TABLE
WITH seq AS (
    SELECT session_id,
           tool_name AS t1,
           lead(tool_name, 1) OVER w AS t2,
           lead(tool_name, 2) OVER w AS t3,
           lead(tool_name, 3) OVER w AS t4,
           lead(tool_name, 4) OVER w AS t5
    FROM fact_execution_step
    WHERE (since IS NULL OR called_at >= since) AND (until IS NULL OR called_at < until)
      AND (session IS NULL OR session_id = session)
    WINDOW w AS (PARTITION BY session_id, agent_id ORDER BY called_at, tool_use_id)
),
grams AS (
    SELECT session_id, 3 AS n, concat_ws(' → ', t1, t2, t3) AS sequence FROM seq WHERE t3 IS NOT NULL
    UNION ALL SELECT session_id, 4, concat_ws(' → ', t1, t2, t3, t4) FROM seq WHERE t4 IS NOT NULL
    UNION ALL SELECT session_id, 5, concat_ws(' → ', t1, t2, t3, t4, t5) FROM seq WHERE t5 IS NOT NULL
),
sessions AS (SELECT count(DISTINCT session_id) AS n FROM seq)
SELECT
    g.sequence,
    g.n                                                 AS steps,
    count(*)                                            AS occurrences,
    count(DISTINCT g.session_id)                        AS sessions,
    round(100.0 * count(DISTINCT g.session_id) / any_value(s.n), 1) AS pct_of_sessions
FROM grams g, sessions s
GROUP BY g.sequence, g.n
HAVING count(*) >= 2
ORDER BY occurrences DESC, steps DESC, sequence
LIMIT 100;
