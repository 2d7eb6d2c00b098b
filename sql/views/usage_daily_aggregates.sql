-- usage_daily_aggregates: rpt_usage_daily over all history (the report macro with no window; see sql/reports/rpt_usage_daily.sql).
CREATE OR REPLACE VIEW usage_daily_aggregates AS SELECT * FROM rpt_usage_daily(NULL::TIMESTAMP, NULL::TIMESTAMP, NULL::VARCHAR);
