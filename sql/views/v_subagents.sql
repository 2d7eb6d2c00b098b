-- v_subagents: rpt_subagents over all history (materialised in sql/facts/mat_subagents.sql; the report macro
-- sql/reports/rpt_subagents.sql takes a window and a session).
CREATE OR REPLACE VIEW v_subagents AS SELECT * FROM mat_subagents;
