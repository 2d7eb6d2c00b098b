-- fact_task_decomposition: fan-outs, one row per child task: Claude Code's (TaskCreate batches,
-- parallel Agent launches, TodoWrite items: cc_task_decomposition) and the task graph's (split,
-- decompose, pivot, replan: tg_task_decomposition, record_source 'task_graph:event:<id>').
-- grain: child of a fan-out
-- key: session_id, fan_out_kind, batch_key, child_task
SELECT * FROM cc_task_decomposition
UNION ALL BY NAME
SELECT * FROM tg_task_decomposition
