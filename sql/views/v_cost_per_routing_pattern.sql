-- v_cost_per_routing_pattern: rpt_cost_per_routing_pattern over all history (materialised in sql/facts/mat_cost_per_routing_pattern.sql; the report macro
-- sql/reports/rpt_cost_per_routing_pattern.sql takes a window and a session).
CREATE OR REPLACE VIEW v_cost_per_routing_pattern AS SELECT * FROM mat_cost_per_routing_pattern;
