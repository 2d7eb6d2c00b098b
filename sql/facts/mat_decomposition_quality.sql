-- mat_decomposition_quality: rpt_decomposition_quality over all history, materialised; built again by
-- buildModels after the task-graph build (issue 5), which appends its fan-outs to fact_task_decomposition.
CREATE OR REPLACE TABLE mat_decomposition_quality AS SELECT * FROM rpt_decomposition_quality(NULL::TIMESTAMP, NULL::TIMESTAMP, NULL::VARCHAR);
