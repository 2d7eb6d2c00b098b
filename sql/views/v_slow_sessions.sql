-- v_slow_sessions: rpt_slow_sessions over all history (the report macro with no window; see sql/reports/rpt_slow_sessions.sql).
CREATE OR REPLACE VIEW v_slow_sessions AS SELECT * FROM rpt_slow_sessions(NULL::TIMESTAMP, NULL::TIMESTAMP, NULL::VARCHAR);
