-- rpt_slow_sessions: sessions that took longer than 60 s or sit in the slowest 10 %, slowest
-- first, with what they spent the time on.
-- grain: slow session
-- key: session_id
-- all history: v_slow_sessions
WITH s AS (SELECT * FROM rpt_session_rows(since, until, session, machine := machine)),
cut AS (SELECT quantile_cont(duration_ms, 0.9) AS p90 FROM s)
SELECT
    s.session_id, s.started_at, s.status, s.duration_ms,
    round(s.duration_ms / 1000.0, 1)                            AS duration_s,
    s.turns, s.agents_used, s.tools_invoked, s.api_calls, s.total_tokens, s.total_cost_usd,
    CASE WHEN s.duration_ms > 60000 THEN 'over 60 s' ELSE 'slowest 10 %' END AS why
FROM s, cut
WHERE s.duration_ms > 60000 OR s.duration_ms >= cut.p90
ORDER BY s.duration_ms DESC, s.session_id
