-- mat_routing_success: rpt_routing_success over all history, materialised at build time so the view v_routing_success is a
-- table read. The build reruns whenever raw data, prices or model SQL change (model_build_state).
CREATE OR REPLACE TABLE mat_routing_success AS SELECT * FROM rpt_routing_success(NULL::TIMESTAMP, NULL::TIMESTAMP, NULL::VARCHAR);
