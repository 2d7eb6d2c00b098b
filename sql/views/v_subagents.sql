-- v_subagents: rpt_subagents over all history (the report macro with no window; see sql/reports/rpt_subagents.sql).
CREATE OR REPLACE VIEW v_subagents AS SELECT * FROM rpt_subagents(NULL::TIMESTAMP, NULL::TIMESTAMP, NULL::VARCHAR);
