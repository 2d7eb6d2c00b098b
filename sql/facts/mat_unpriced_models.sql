-- mat_unpriced_models: rpt_unpriced_models over all history, materialised at build time so the view v_unpriced_models is a
-- table read. The build reruns whenever raw data, prices or model SQL change (model_build_state).
CREATE OR REPLACE TABLE mat_unpriced_models AS SELECT * FROM rpt_unpriced_models(NULL::TIMESTAMP, NULL::TIMESTAMP, NULL::VARCHAR);
