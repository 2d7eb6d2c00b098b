-- v_slow_sessions: rpt_slow_sessions over all history (materialised in sql/facts/mat_slow_sessions.sql; the report macro
-- sql/reports/rpt_slow_sessions.sql takes a window and a session).
CREATE OR REPLACE VIEW v_slow_sessions AS SELECT * FROM mat_slow_sessions;
