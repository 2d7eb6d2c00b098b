-- v_cost_per_verified_task: rpt_cost_per_verified_task over all history (the report macro with no window; see sql/dag/rpt_cost_per_verified_task.sql).
CREATE OR REPLACE VIEW v_cost_per_verified_task AS SELECT * FROM rpt_cost_per_verified_task(NULL, NULL, NULL);
