// The DAG reports for `agentdag report` (warehouse/reports.ts lists them beside its own): each a
// table macro rpt_*(since, until, session) in sql/dag/, with a view over all history.
// No imports: the report list is read when the CLI starts.
export const DAG_REPORTS = [
  { name: 'dag-executions', macro: 'rpt_dag_executions', view: 'dag_executions', about: 'one row per task-graph project: status, timing, task counts, waves, agents, tokens, cost' },
  { name: 'cost-per-task', macro: 'rpt_cost_per_task', view: 'v_cost_per_task', about: 'per task-graph task: measured tokens, cost, wall time, tool calls of the claiming session; verified or not' },
  { name: 'cost-per-verified-task', macro: 'rpt_cost_per_verified_task', view: 'v_cost_per_verified_task', about: 'per agent type and model: tasks, verified tasks, all spend per verified task' },
  { name: 'wave-progress', macro: 'rpt_wave_progress', view: 'v_wave_progress', about: 'per wave (dependency level) of each execution: timing, max parallelism, outcomes, tokens, cost' },
  { name: 'concurrency', macro: 'rpt_concurrency', view: 'concurrent_execution_sessions', about: 'periods of parallel work: peak concurrent agents and tasks (task-graph claims and subagents)' },
] as const;
