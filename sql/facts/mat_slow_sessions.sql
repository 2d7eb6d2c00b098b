-- mat_slow_sessions: rpt_slow_sessions over all history, materialised at build time so the view v_slow_sessions is a
-- table read. The build reruns whenever raw data, prices or model SQL change (model_build_state).
CREATE OR REPLACE TABLE mat_slow_sessions AS SELECT * FROM rpt_slow_sessions(NULL::TIMESTAMP, NULL::TIMESTAMP, NULL::VARCHAR);
