-- fact_pruning_event: work that was cut off: Claude Code's denied, interrupted, timed-out and
-- failed tool calls, turns that ended on an API error, subagents that ended in error
-- (cc_pruning_event), and the task graph's cancelled, pivoted and replanned tasks
-- (tg_pruning_event, record_source 'task_graph:event:<id>').
-- grain: piece of work that was cut off
-- key: session_id, pruned_kind, record_source
SELECT * FROM cc_pruning_event
UNION ALL BY NAME
SELECT * FROM tg_pruning_event
