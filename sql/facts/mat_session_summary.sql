-- mat_session_summary: rpt_sessions over all history, materialised at build time so the view v_session_summary is a
-- table read. The build reruns whenever raw data, prices or model SQL change (model_build_state).
CREATE OR REPLACE TABLE mat_session_summary AS SELECT * FROM rpt_sessions(NULL::TIMESTAMP, NULL::TIMESTAMP, NULL::VARCHAR);
