-- usage_daily_aggregates: rpt_usage_daily over all history (materialised in sql/facts/mat_usage_daily.sql; the report macro
-- sql/reports/rpt_usage_daily.sql takes a window and a session).
CREATE OR REPLACE VIEW usage_daily_aggregates AS SELECT * FROM mat_usage_daily;
