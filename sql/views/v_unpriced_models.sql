-- v_unpriced_models: rpt_unpriced_models over all history (materialised in sql/facts/mat_unpriced_models.sql; the report macro
-- sql/reports/rpt_unpriced_models.sql takes a window and a session).
CREATE OR REPLACE VIEW v_unpriced_models AS SELECT * FROM mat_unpriced_models;
