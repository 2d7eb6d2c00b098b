-- agg_ngram_totals: each tool-call sequence summed over every session (agg_session_ngrams): how
-- often it occurs and in how many sessions, which v_tool_sequence_ngrams ranks. Kept as sums: a
-- build adds the n-grams the touched sessions have now and subtracts those they had, where
-- re-summing every session's n-grams cost 2.4 s per build over 10M events (25M session rows).
-- grain: tool sequence
-- key: sequence, steps
-- sums over sessions: agg_session_ngrams
SELECT
    sequence,
    steps,
    sum(occurrences)    AS occurrences,
    count(*)            AS sessions
FROM agg_session_ngrams
WHERE in_scope(session_id)
GROUP BY ALL
