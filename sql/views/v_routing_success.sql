-- v_routing_success: rpt_routing_success over all history (the report macro with no window; see sql/reports/rpt_routing_success.sql).
CREATE OR REPLACE VIEW v_routing_success AS SELECT * FROM rpt_routing_success(NULL::TIMESTAMP, NULL::TIMESTAMP, NULL::VARCHAR);
