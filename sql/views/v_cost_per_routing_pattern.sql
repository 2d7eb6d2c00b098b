-- v_cost_per_routing_pattern: rpt_cost_per_routing_pattern over all history (the report macro with no window; see sql/reports/rpt_cost_per_routing_pattern.sql).
CREATE OR REPLACE VIEW v_cost_per_routing_pattern AS SELECT * FROM rpt_cost_per_routing_pattern(NULL::TIMESTAMP, NULL::TIMESTAMP, NULL::VARCHAR);
