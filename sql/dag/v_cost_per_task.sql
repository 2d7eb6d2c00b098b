-- v_cost_per_task: rpt_cost_per_task over all history (the report macro with no window; see sql/dag/rpt_cost_per_task.sql).
CREATE OR REPLACE VIEW v_cost_per_task AS SELECT * FROM rpt_cost_per_task(NULL, NULL, NULL);
