-- mat_cost_by_model_day: rpt_cost_by_model_day over all history, materialised at build time so the view v_cost_by_model_day is a
-- table read. The build reruns whenever raw data, prices or model SQL change (model_build_state).
CREATE OR REPLACE TABLE mat_cost_by_model_day AS SELECT * FROM rpt_cost_by_model_day(NULL::TIMESTAMP, NULL::TIMESTAMP, NULL::VARCHAR);
