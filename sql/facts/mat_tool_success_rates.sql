-- mat_tool_success_rates: rpt_tool_success over all history, materialised at build time so the view v_tool_success_rates is a
-- table read. The build reruns whenever raw data, prices or model SQL change (model_build_state).
CREATE OR REPLACE TABLE mat_tool_success_rates AS SELECT * FROM rpt_tool_success(NULL::TIMESTAMP, NULL::TIMESTAMP, NULL::VARCHAR);
