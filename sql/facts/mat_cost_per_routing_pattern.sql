-- mat_cost_per_routing_pattern: rpt_cost_per_routing_pattern over all history, materialised at build time so the view v_cost_per_routing_pattern is a
-- table read. The build reruns whenever raw data, prices or model SQL change (model_build_state).
CREATE OR REPLACE TABLE mat_cost_per_routing_pattern AS SELECT * FROM rpt_cost_per_routing_pattern(NULL::TIMESTAMP, NULL::TIMESTAMP, NULL::VARCHAR);
