-- v_cost_by_model_day: rpt_cost_by_model_day over all history (materialised in sql/facts/mat_cost_by_model_day.sql; the report macro
-- sql/reports/rpt_cost_by_model_day.sql takes a window and a session).
CREATE OR REPLACE VIEW v_cost_by_model_day AS SELECT * FROM mat_cost_by_model_day;
