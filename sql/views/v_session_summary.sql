-- v_session_summary: rpt_sessions over all history (the report macro with no window; see sql/reports/rpt_sessions.sql).
CREATE OR REPLACE VIEW v_session_summary AS SELECT * FROM rpt_sessions(NULL::TIMESTAMP, NULL::TIMESTAMP, NULL::VARCHAR);
