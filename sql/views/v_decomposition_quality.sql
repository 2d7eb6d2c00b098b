-- v_decomposition_quality: rpt_decomposition_quality over all history. Not materialised: the task-graph
-- build (issue 5) appends its fan-outs to fact_task_decomposition after this model's build.
CREATE OR REPLACE VIEW v_decomposition_quality AS SELECT * FROM rpt_decomposition_quality(NULL::TIMESTAMP, NULL::TIMESTAMP, NULL::VARCHAR);
