-- mat_subagents: rpt_subagents over all history, materialised at build time so the view v_subagents is a
-- table read. The build reruns whenever raw data, prices or model SQL change (model_build_state).
CREATE OR REPLACE TABLE mat_subagents AS SELECT * FROM rpt_subagents(NULL::TIMESTAMP, NULL::TIMESTAMP, NULL::VARCHAR);
