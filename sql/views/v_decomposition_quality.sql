-- v_decomposition_quality: rpt_decomposition_quality over all history (the report macro with no window; see sql/reports/rpt_decomposition_quality.sql).
CREATE OR REPLACE VIEW v_decomposition_quality AS SELECT * FROM rpt_decomposition_quality(NULL::TIMESTAMP, NULL::TIMESTAMP, NULL::VARCHAR);
