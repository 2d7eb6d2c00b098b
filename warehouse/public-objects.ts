// What analysts and serve/ may read: the warehouse's public objects, listed once with their grain
// and columns. Everything else (staging, aggregates, task-graph helpers, the pipeline's state) may
// change between versions without notice. This list feeds `agentdag sql --help`, `agentdag report
// --list` (the objects with a report), the dashboard (serve/ reads only these; a test checks its
// SQL) and test/warehouse/public-objects.test.ts, which checks every column below exists.
// The grain of each object is the `-- grain:` line of its SQL file (or of its report's).
// No imports: the CLI reads this when it starts.

export interface PublicObject {
  name: string;
  /** One line: what it is for. */
  about: string;
  /** What one row is (kept equal to the object's SQL header by the test). */
  grain: string;
  columns: readonly string[];
  /** `agentdag report <name>`: the macro taking (since, until, session, machine := host); `name` is its all-history relation. */
  report?: { name: string; macro: string };
}

export const PUBLIC_OBJECTS: readonly PublicObject[] = [
  {
    name: 'fact_execution_step',
    about: 'tool calls: status, duration, target, error, the agent and the API message that issued them',
    grain: 'tool call',
    columns: ['session_id', 'goal_id', 'task_id', 'agent_name', 'agent_id', 'model', 'tool_name', 'tool_use_id', 'prompt_id', 'duration_ms', 'input_tokens', 'output_tokens', 'cache_read_tokens', 'cache_write_tokens', 'status', 'status_detail', 'target_path', 'command', 'error_message', 'tool_input', 'api_message_id', 'api_request_id', 'called_at', 'finished_at', 'call_date', 'source', 'record_source', 'host'],
  },
  {
    name: 'fact_api_call',
    about: 'API calls, once per message id + request id across every transcript file',
    grain: 'API call (message id + request id)',
    columns: ['session_id', 'agent_id', 'agent_name', 'task_id', 'message_id', 'request_id', 'model', 'stop_reason', 'input_tokens', 'output_tokens', 'cache_read_tokens', 'cache_write_5m_tokens', 'cache_write_1h_tokens', 'prompt_tokens', 'output_tokens_recorded', 'output_corrected', 'output_is_lower_bound', 'called_at', 'call_date', 'record_source', 'host'],
  },
  {
    name: 'fact_routing_decision',
    about: 'subagent launches (Agent or Task calls): type, description as routing reason, requested model, background or not, how the subagent ended',
    grain: 'subagent launch (an Agent or Task call)',
    columns: ['session_id', 'goal_id', 'task_id', 'model', 'agent_name', 'tool_name', 'routing_reason', 'requested_model', 'run_in_background', 'parallel_siblings', 'launched_agent_id', 'launched_by', 'launched_by_agent_id', 'launched_via', 'launch_status', 'subagent_status', 'routed_at', 'call_date', 'source', 'record_source', 'host'],
  },
  {
    name: 'fact_synthesis_result',
    about: 'finished subagents: status, duration, tool calls, real tokens from their own transcripts',
    grain: 'finished subagent',
    columns: ['session_id', 'goal_id', 'task_id', 'agent_id', 'agent_name', 'model', 'status', 'input_count', 'tool_calls', 'failed_tool_calls', 'api_calls', 'input_tokens', 'output_tokens', 'output_lower_bound_calls', 'cache_read_tokens', 'cache_write_5m_tokens', 'cache_write_1h_tokens', 'total_tokens', 'duration_ms', 'quality_signal', 'synthesis_strategy', 'synthesized_at', 'call_date', 'record_source', 'host'],
  },
  {
    name: 'fact_verification',
    about: 'test / lint / type-check commands and completed tasks, passed or not',
    grain: 'verification (a check command or a completed task)',
    columns: ['session_id', 'goal_id', 'task_id', 'agent_name', 'verification_type', 'passed', 'error_count', 'warning_count', 'details', 'verified_at', 'call_date', 'record_source', 'host'],
  },
  {
    name: 'fact_task_decomposition',
    about: 'fan-outs: TaskCreate batches, parallel Agent launches, TodoWrite items, task-graph splits',
    grain: 'child of a fan-out',
    columns: ['session_id', 'goal_id', 'model', 'parent_task', 'child_task', 'decomposition_depth', 'subtask_count', 'strategy', 'fan_out_kind', 'batch_key', 'agent_name', 'decomposed_at', 'call_date', 'record_source', 'host'],
  },
  {
    name: 'fact_pruning_event',
    about: 'work cut off: denied, interrupted, timed-out or failed calls, API errors, cancelled tasks',
    grain: 'piece of work that was cut off',
    columns: ['session_id', 'goal_id', 'task_id', 'agent_name', 'agent_id', 'pruning_reason', 'pruned_kind', 'tool_name', 'tool_use_id', 'steps_completed', 'tokens_spent', 'detail', 'pruned_at', 'call_date', 'record_source', 'host'],
  },
  {
    name: 'fact_session_event',
    about: 'session start, stop, end, compaction, failure (compactions also from transcripts)',
    grain: 'session lifecycle event',
    columns: ['session_id', 'agent_id', 'goal_id', 'event_type', 'hook_event', 'detail', 'model', 'cwd', 'host', 'event_at', 'call_date', 'record_source'],
  },
  {
    name: 'dim_agent',
    about: 'subagents (every transcript layout) and compaction agents: type, launching call, requested model, start, end and how they ended',
    grain: 'subagent or compaction agent (the main thread has no row)',
    columns: ['session_id', 'agent_id', 'agent_type', 'is_compaction', 'launch_tool_use_id', 'description', 'spawn_depth', 'requested_model', 'workflow_run_id', 'started_at', 'ended_at', 'end_status', 'transcript_path', 'host'],
  },
  {
    name: 'dim_model_pricing',
    about: 'model prices with effective dates and the long-context tier',
    grain: 'model and price period [effective_from, effective_to)',
    columns: ['model', 'effective_from', 'effective_to', 'input_usd_per_mtok', 'output_usd_per_mtok', 'cache_write_5m_multiplier', 'cache_write_1h_multiplier', 'cache_read_multiplier', 'long_context_threshold_tokens', 'long_context_input_usd_per_mtok', 'long_context_output_usd_per_mtok', 'source'],
  },
  {
    name: 'v_api_call_cost',
    about: 'every API call with its price (NULL when the model has no price)',
    grain: 'API call (message id + request id)',
    columns: ['session_id', 'agent_id', 'agent_name', 'task_id', 'message_id', 'request_id', 'model', 'priced_as', 'stop_reason', 'input_tokens', 'output_tokens', 'cache_read_tokens', 'cache_write_5m_tokens', 'cache_write_1h_tokens', 'prompt_tokens', 'long_context', 'output_is_lower_bound', 'output_corrected', 'cost_usd', 'called_at', 'call_date', 'record_source', 'host'],
  },
  {
    name: 'v_session_summary',
    about: 'one row per session: status, duration, turns, agents, tools, tokens, cost (priced sum + unpriced calls), cache hit ratio, where its facts came from',
    grain: 'session',
    report: { name: 'sessions', macro: 'rpt_sessions' },
    columns: ['session_id', 'started_at', 'completed_at', 'status', 'duration_ms', 'turns', 'agents_used', 'tools_invoked', 'tools_failed', 'api_calls', 'prompt_tokens', 'completion_tokens', 'total_tokens', 'total_cost_usd', 'unpriced_calls', 'missing_reason', 'cache_hits', 'cache_hit_ratio', 'models', 'compactions', 'host', 'facts_source', 'completeness', 'output_lower_bound_calls'],
  },
  {
    name: 'task_executions',
    about: 'seed 002\'s task_executions: the sessions under the seed\'s names',
    grain: 'session (one Claude Code session = one task execution)',
    columns: ['workflow_id', 'session_id', 'status', 'started_at', 'completed_at', 'total_tokens', 'prompt_tokens', 'completion_tokens', 'total_cost_usd', 'duration_ms', 'agents_used', 'tools_invoked', 'cache_hits', 'cache_hit_ratio'],
  },
  {
    name: 'v_tool_success_rates',
    about: 'per tool: calls, successes, errors, denials, interruptions, timeouts, success rate, avg duration',
    grain: 'tool',
    report: { name: 'tool-success', macro: 'rpt_tool_success' },
    columns: ['tool_name', 'total', 'successful', 'errors', 'denied', 'interrupted', 'timeouts', 'success_rate', 'avg_duration_ms'],
  },
  {
    name: 'v_routing_success',
    about: 'per subagent type: launches, completion rate of the routed subagents (success_rate), success of the tool calls inside them (step_success_rate), tokens',
    grain: 'subagent type (routing pattern)',
    report: { name: 'routing-success', macro: 'rpt_routing_success' },
    columns: ['agent_name', 'tool_name', 'total_routings', 'completed_subagents', 'failed_subagents', 'unfinished_subagents', 'success_rate', 'steps', 'successes', 'step_success_rate', 'avg_duration_ms', 'avg_total_tokens'],
  },
  {
    name: 'v_cost_per_routing_pattern',
    about: 'per subagent type: tokens, cost, time and tool calls of the subagents launched',
    grain: 'subagent type (routing pattern)',
    report: { name: 'cost-per-routing-pattern', macro: 'rpt_cost_per_routing_pattern' },
    columns: ['agent_name', 'tool_name', 'routings', 'total_tokens', 'cost_usd', 'unpriced_calls', 'total_duration_ms', 'call_count'],
  },
  {
    name: 'v_decomposition_quality',
    about: 'per fan-out depth: goals, subtasks, verification pass rate, synthesis tokens',
    grain: 'fan-out depth',
    report: { name: 'decomposition-quality', macro: 'rpt_decomposition_quality' },
    columns: ['decomposition_depth', 'goal_count', 'subtasks', 'verifications', 'verification_pass_rate', 'avg_synthesis_tokens'],
  },
  {
    name: 'v_cost_by_model_day',
    about: 'per day and model: API calls, tokens by kind, cost (NULL when unpriced)',
    grain: 'day and model',
    report: { name: 'cost-by-model-day', macro: 'rpt_cost_by_model_day' },
    columns: ['day', 'model', 'api_calls', 'input_tokens', 'output_tokens', 'cache_read_tokens', 'cache_write_5m_tokens', 'cache_write_1h_tokens', 'total_tokens', 'cost_usd', 'unpriced_calls'],
  },
  {
    name: 'v_unpriced_models',
    about: 'models with no price (their cost is NULL, never 0): add them to pricing.json',
    grain: 'model without a price',
    report: { name: 'unpriced-models', macro: 'rpt_unpriced_models' },
    columns: ['model', 'api_calls', 'total_tokens', 'first_day', 'last_day', 'reason'],
  },
  {
    name: 'v_subagents',
    about: 'every finished subagent: type, reason, status, tool calls, real tokens and cost',
    grain: 'finished subagent',
    report: { name: 'subagents', macro: 'rpt_subagents' },
    columns: ['session_id', 'agent_id', 'agent_name', 'description', 'task_id', 'status', 'synthesis_strategy', 'model', 'duration_ms', 'tool_calls', 'failed_tool_calls', 'api_calls', 'input_tokens', 'output_tokens', 'cache_read_tokens', 'cache_write_tokens', 'total_tokens', 'cost_usd', 'synthesized_at'],
  },
  {
    name: 'v_slow_sessions',
    about: 'sessions over 60 s or in the slowest 10 %, slowest first',
    grain: 'slow session',
    report: { name: 'slow-sessions', macro: 'rpt_slow_sessions' },
    columns: ['session_id', 'started_at', 'status', 'duration_ms', 'duration_s', 'turns', 'agents_used', 'tools_invoked', 'api_calls', 'total_tokens', 'total_cost_usd', 'why'],
  },
  {
    name: 'v_tool_sequence_ngrams',
    about: 'recurring 3- to 5-step tool sequences and how many sessions use them',
    grain: 'tool sequence',
    report: { name: 'tool-ngrams', macro: 'rpt_tool_ngrams' },
    columns: ['sequence', 'steps', 'occurrences', 'sessions', 'pct_of_sessions'],
  },
  {
    name: 'usage_daily_aggregates',
    about: 'per day: sessions, completed, failed, tokens, cost, cache hit rate',
    grain: 'day (UTC)',
    report: { name: 'usage-daily', macro: 'rpt_usage_daily' },
    columns: ['date', 'total_tasks', 'successful_tasks', 'failed_tasks', 'total_tokens', 'prompt_tokens', 'completion_tokens', 'total_cost_usd', 'unpriced_calls', 'unmeasured_sessions', 'cache_hit_rate', 'tools_invoked', 'agents_used'],
  },
  {
    name: 'dag_executions',
    about: 'one row per task-graph project: status, timing, task counts, waves, agents, tokens, cost',
    grain: 'task-graph project (one DAG execution)',
    report: { name: 'dag-executions', macro: 'rpt_dag_executions' },
    columns: ['execution_id', 'title', 'primary_intent', 'status', 'created_at', 'started_at', 'completed_at', 'duration_ms', 'total_tasks', 'completed_tasks', 'failed_tasks', 'waiting_tasks', 'running_tasks', 'cancelled_tasks', 'wave_count', 'agents_used', 'tools_invoked', 'total_tokens', 'total_cost_usd', 'unmeasured_tasks', 'final_result', 'error'],
  },
  {
    name: 'dag_execution_steps',
    about: 'the tasks of each task-graph project: dependencies, wave, status, timing, result, cost',
    grain: 'task of a task-graph project',
    columns: ['execution_id', 'task_id', 'parent_task_id', 'description', 'thought', 'action_type', 'priority', 'status', 'depends_on', 'dependency_edges', 'wave_number', 'agent_id', 'session_id', 'agent_type', 'model', 'attempts', 'retries', 'created_at', 'claimed_at', 'started_at', 'completed_at', 'duration_ms', 'result', 'error', 'total_tokens', 'cost_usd', 'tool_calls', 'verified'],
  },
  {
    name: 'task_cost',
    about: 'per task-graph task: measured tokens, cost, wall time and tool calls of the claiming session; verified or not',
    grain: 'workable task-graph task',
    columns: ['task_id', 'execution_id', 'title', 'status', 'agent_id', 'session_id', 'agent_type', 'model', 'attempts', 'claimed_at', 'ended_at', 'wall_ms', 'api_calls', 'input_tokens', 'output_tokens', 'cache_read_tokens', 'cache_write_tokens', 'total_tokens', 'cost_usd', 'cost_missing_reason', 'unpriced_api_calls', 'unmeasured_claims', 'tool_calls', 'tool_failures', 'verifications', 'verified'],
  },
  {
    name: 'v_cost_per_task',
    about: 'per task-graph task: measured tokens, cost, wall time, tool calls of the claiming session; verified or not',
    grain: 'task-graph task',
    report: { name: 'cost-per-task', macro: 'rpt_cost_per_task' },
    columns: ['execution_id', 'task_id', 'title', 'status', 'verified', 'agent_id', 'agent_type', 'model', 'attempts', 'wall_seconds', 'api_calls', 'total_tokens', 'output_tokens', 'cost_usd', 'cost_missing_reason', 'unpriced_api_calls', 'unmeasured_claims', 'tool_calls', 'tool_failures', 'session_id', 'claimed_at'],
  },
  {
    name: 'v_cost_per_verified_task',
    about: 'per agent type and model: tasks, verified tasks, all spend per verified task',
    grain: 'agent type and model',
    report: { name: 'cost-per-verified-task', macro: 'rpt_cost_per_verified_task' },
    columns: ['agent_type', 'model', 'tasks', 'verified_tasks', 'verified_pct', 'total_tokens', 'total_cost_usd', 'cost_per_task_usd', 'cost_per_verified_task_usd', 'tokens_per_verified_task', 'unpriced_api_calls', 'unmeasured_claims', 'unpriced_tasks', 'unmeasured_tasks'],
  },
  {
    name: 'parallel_execution_waves',
    about: 'waves (dependency levels) of each execution: timing, max parallelism, overlap with the previous wave',
    grain: 'wave of a DAG execution',
    columns: ['id', 'execution_id', 'wave_number', 'status', 'started_at', 'completed_at', 'task_count', 'max_parallelism', 'agent_count', 'overlap_with_previous_ms'],
  },
  {
    name: 'wave_statistics',
    about: 'per-wave figures: outcomes, pass rate, tool calls, verifications, tokens, cost',
    grain: 'wave of a DAG execution',
    columns: ['id', 'wave_id', 'execution_id', 'task_count', 'completed_count', 'failed_count', 'skipped_count', 'pass_rate', 'tool_use_count', 'tool_error_count', 'assertion_count', 'assertion_pass_count', 'api_call_count', 'total_tokens', 'cost_usd', 'unmeasured_tasks', 'started_at', 'completed_at', 'duration_ms'],
  },
  {
    name: 'v_wave_progress',
    about: 'per wave (dependency level) of each execution: timing, max parallelism, outcomes, tokens, cost',
    grain: 'wave of a DAG execution',
    report: { name: 'wave-progress', macro: 'rpt_wave_progress' },
    columns: ['wave_id', 'execution_id', 'wave_number', 'status', 'started_at', 'completed_at', 'max_parallelism', 'agent_count', 'overlap_with_previous_ms', 'task_count', 'completed_count', 'failed_count', 'pass_rate', 'tool_use_count', 'assertion_count', 'assertion_pass_count', 'total_tokens', 'cost_usd', 'duration_ms', 'task_list_title', 'execution_status'],
  },
  {
    name: 'concurrent_execution_sessions',
    about: 'periods of parallel work: peak concurrent agents and tasks (task-graph claims and subagents)',
    grain: 'period of overlapping work (an island)',
    report: { name: 'concurrency', macro: 'rpt_concurrency' },
    columns: ['id', 'source', 'started_at', 'completed_at', 'status', 'execution_count', 'execution_ids', 'total_wave_count', 'total_task_count', 'total_agent_count', 'peak_concurrent_agents', 'peak_concurrent_tasks', 'duration_ms'],
  },
  {
    name: 'v_hosts',
    about: 'per machine: when it last pushed to the team lake and how much, what was loaded from it, its sessions and calls',
    grain: 'machine',
    report: { name: 'hosts', macro: 'rpt_hosts' },
    columns: ['host', 'this_machine', 'last_push_at', 'rows_pushed', 'bytes_pushed', 'files_loaded', 'rows_loaded', 'first_day', 'last_day', 'last_loaded_at', 'sessions', 'tool_calls', 'api_calls', 'cost_usd', 'last_activity_at'],
  },
  {
    name: 'raw_hook_events',
    about: 'every hook call as the hook wrote it (payload redacted)',
    grain: 'hook call (one journal envelope)',
    columns: ['event_id', 'v', 'ts', 'host', 'event', 'session_id', 'agent_id', 'agent_type', 'payload', 'cut', 'redacted', 'source_file', 'byte_offset', 'ingested_at'],
  },
  {
    name: 'raw_rejects',
    about: 'journal lines that could not be stored, with the reason and their exact bytes',
    grain: 'journal line that could not be stored',
    columns: ['source_file', 'byte_offset', 'byte_length', 'reason', 'detail', 'text', 'bytes', 'ingested_at'],
  },
  {
    name: 'raw_transcript_lines',
    about: 'every transcript line, verbatim with secrets redacted',
    grain: 'transcript line',
    columns: ['file_key', 'byte_offset', 'session_id', 'agent_id', 'line_type', 'ts', 'message_id', 'request_id', 'line', 'redacted', 'ingested_at'],
  },
  {
    name: 'raw_transcript_rejects',
    about: 'transcript lines that are not valid JSON',
    grain: 'transcript line that is not valid JSON',
    columns: ['file_key', 'byte_offset', 'path', 'reason', 'text', 'ingested_at'],
  },
];

export function publicObject(name: string): PublicObject | undefined {
  return PUBLIC_OBJECTS.find((o) => o.name === name);
}
