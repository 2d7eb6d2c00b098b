// The tool-sequence report by its definition, for tests to hold rpt_tool_ngrams and
// v_tool_sequence_ngrams against: the sessions with a tool call in [since, until) (by the hour;
// NULL: unbounded) and their whole sequences summed from every session's n-grams
// (agg_session_ngrams), the 100 most frequent seen at least twice.
// `since` and `until` are SQL expressions of type TIMESTAMP (e.g. `NULL::TIMESTAMP`).
export function ngramsByDefinition(since = 'NULL::TIMESTAMP', until = 'NULL::TIMESTAMP'): string {
  return `
  WITH active AS (
      SELECT DISTINCT session_id FROM agg_step_hourly
      WHERE (${since} IS NULL OR call_hour >= ${since}) AND (${until} IS NULL OR call_hour < ${until})),
  sessions AS (SELECT count(*) AS n FROM active)
  SELECT g.sequence, g.steps, CAST(sum(g.occurrences) AS BIGINT) AS occurrences, count(*) AS sessions,
         round(100.0 * count(*) / any_value(s.n), 1) AS pct_of_sessions
  FROM agg_session_ngrams g SEMI JOIN active a ON a.session_id = g.session_id, sessions s
  GROUP BY g.sequence, g.steps
  HAVING sum(g.occurrences) >= 2
  ORDER BY occurrences DESC, g.steps DESC, g.sequence
  LIMIT 100`;
}
