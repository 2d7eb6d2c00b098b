-- rpt_tool_ngrams(since, until, session, machine): tool-call sequences of length 3 to 5 within one
-- conversation (a session's main thread, or one subagent), how often they occur and in how many
-- sessions: "this 5-step sequence appears in every code review — make it a skill". A window
-- selects the sessions with tool calls in it (by the hour); their whole sequences count.
-- grain: tool sequence
-- key: sequence
-- all history: v_tool_sequence_ngrams
WITH active AS (
    SELECT DISTINCT session_id FROM agg_step_hourly
    WHERE (since IS NULL OR call_hour >= since) AND (until IS NULL OR call_hour < until)
      AND (session IS NULL OR session_id = session)
      AND (machine IS NULL OR host = machine)
),
sessions AS (SELECT count(*) AS n FROM active)
SELECT
    g.sequence,
    g.steps,
    sum(g.occurrences)                                  AS occurrences,
    count(*)                                            AS sessions,
    round(100.0 * count(*) / any_value(s.n), 1)         AS pct_of_sessions
FROM agg_session_ngrams g
SEMI JOIN active a ON a.session_id = g.session_id,
sessions s
GROUP BY g.sequence, g.steps
HAVING sum(g.occurrences) >= 2
ORDER BY occurrences DESC, steps DESC, sequence
LIMIT 100
