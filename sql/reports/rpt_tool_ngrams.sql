-- rpt_tool_ngrams(since, until, session, machine): tool-call sequences of length 3 to 5 within one
-- conversation (a session's main thread, or one subagent), how often they occur and in how many
-- sessions: "this 5-step sequence appears in every code review — make it a skill". A window
-- selects the sessions with tool calls in it (by the hour); their whole sequences count.
-- Without a window, session or machine (the all-history table) the figures are agg_ngram_totals,
-- the sums a build keeps up to date, rather than a sum over every session's n-grams: the same
-- figures (test/warehouse/ngram-totals.test.ts).
-- grain: tool sequence
-- key: sequence
-- all history: v_tool_sequence_ngrams
WITH active AS (
    SELECT DISTINCT session_id FROM agg_step_hourly
    WHERE (since IS NULL OR call_hour >= since) AND (until IS NULL OR call_hour < until)
      AND (session IS NULL OR session_id = session)
      AND (machine IS NULL OR host = machine)
),
sessions AS (SELECT count(*) AS n FROM active),
all_history AS (
    SELECT sequence, steps, occurrences, sessions FROM agg_ngram_totals
    WHERE since IS NULL AND until IS NULL AND session IS NULL AND machine IS NULL
),
in_window AS (
    SELECT g.sequence, g.steps, sum(g.occurrences) AS occurrences, count(*) AS sessions
    FROM agg_session_ngrams g
    SEMI JOIN active a ON a.session_id = g.session_id
    WHERE NOT (since IS NULL AND until IS NULL AND session IS NULL AND machine IS NULL)
    GROUP BY g.sequence, g.steps
)
SELECT
    g.sequence,
    g.steps,
    g.occurrences,
    g.sessions,
    round(100.0 * g.sessions / s.n, 1)                  AS pct_of_sessions
FROM (SELECT * FROM all_history UNION ALL SELECT * FROM in_window) g, sessions s
WHERE g.occurrences >= 2
ORDER BY g.occurrences DESC, g.steps DESC, g.sequence
LIMIT 100
