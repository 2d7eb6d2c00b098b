-- v_session_summary: rpt_sessions over all history (materialised in sql/facts/mat_session_summary.sql; the report macro
-- sql/reports/rpt_sessions.sql takes a window and a session).
CREATE OR REPLACE VIEW v_session_summary AS SELECT * FROM mat_session_summary;
