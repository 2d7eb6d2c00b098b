-- v_tool_success_rates: rpt_tool_success over all history (the report macro with no window; see sql/reports/rpt_tool_success.sql).
CREATE OR REPLACE VIEW v_tool_success_rates AS SELECT * FROM rpt_tool_success(NULL::TIMESTAMP, NULL::TIMESTAMP, NULL::VARCHAR);
