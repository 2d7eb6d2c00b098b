-- v_cost_by_model_day: rpt_cost_by_model_day over all history (the report macro with no window; see sql/reports/rpt_cost_by_model_day.sql).
CREATE OR REPLACE VIEW v_cost_by_model_day AS SELECT * FROM rpt_cost_by_model_day(NULL::TIMESTAMP, NULL::TIMESTAMP, NULL::VARCHAR);
