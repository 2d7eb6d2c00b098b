-- v_decomposition_quality: rpt_decomposition_quality over all history (materialised in
-- sql/facts/mat_decomposition_quality.sql; the report macro takes a window and a session).
CREATE OR REPLACE VIEW v_decomposition_quality AS SELECT * FROM mat_decomposition_quality;
