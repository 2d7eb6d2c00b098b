-- mat_usage_daily: rpt_usage_daily over all history, materialised at build time so the view usage_daily_aggregates is a
-- table read. The build reruns whenever raw data, prices or model SQL change (model_build_state).
CREATE OR REPLACE TABLE mat_usage_daily AS SELECT * FROM rpt_usage_daily(NULL::TIMESTAMP, NULL::TIMESTAMP, NULL::VARCHAR);
