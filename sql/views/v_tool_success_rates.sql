-- v_tool_success_rates: rpt_tool_success over all history (materialised in sql/facts/mat_tool_success_rates.sql; the report macro
-- sql/reports/rpt_tool_success.sql takes a window and a session).
CREATE OR REPLACE VIEW v_tool_success_rates AS SELECT * FROM mat_tool_success_rates;
