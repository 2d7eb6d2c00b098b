-- v_unpriced_models: rpt_unpriced_models over all history (the report macro with no window; see sql/reports/rpt_unpriced_models.sql).
CREATE OR REPLACE VIEW v_unpriced_models AS SELECT * FROM rpt_unpriced_models(NULL::TIMESTAMP, NULL::TIMESTAMP, NULL::VARCHAR);
