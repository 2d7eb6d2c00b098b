-- v_routing_success: rpt_routing_success over all history (materialised in sql/facts/mat_routing_success.sql; the report macro
-- sql/reports/rpt_routing_success.sql takes a window and a session).
CREATE OR REPLACE VIEW v_routing_success AS SELECT * FROM mat_routing_success;
