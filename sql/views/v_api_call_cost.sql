-- v_api_call_cost: rpt_api_call_cost over all history (the report macro with no window; see sql/reports/rpt_api_call_cost.sql).
CREATE OR REPLACE VIEW v_api_call_cost AS SELECT * FROM rpt_api_call_cost(NULL::TIMESTAMP, NULL::TIMESTAMP, NULL::VARCHAR);
