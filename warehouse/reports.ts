// The analyst's reports: each a table macro rpt_*(since, until, session) in sql/reports/, with a
// v_* view over all history for people who open the DuckDB file directly.

import { DAG_REPORTS } from '../ingest/task-graph-reports';
import { utcTimestamp } from '../core/time';

export interface ReportDef {
  name: string;
  macro: string;
  view: string;
  about: string;
}

export const REPORTS: readonly ReportDef[] = [
  { name: 'sessions', macro: 'rpt_sessions', view: 'v_session_summary', about: 'one row per session: status, duration, turns, agents, tools, tokens, cost, cache hit ratio' },
  { name: 'tool-success', macro: 'rpt_tool_success', view: 'v_tool_success_rates', about: 'per tool: calls, successes, errors, denials, interruptions, timeouts, success rate, avg duration' },
  { name: 'routing-success', macro: 'rpt_routing_success', view: 'v_routing_success', about: 'per subagent type: launches, completed subagents, success of the tool calls inside them, tokens' },
  { name: 'cost-per-routing-pattern', macro: 'rpt_cost_per_routing_pattern', view: 'v_cost_per_routing_pattern', about: 'per subagent type: tokens, cost, time and tool calls of the subagents launched' },
  { name: 'decomposition-quality', macro: 'rpt_decomposition_quality', view: 'v_decomposition_quality', about: 'per fan-out depth: goals, subtasks, verification pass rate, synthesis tokens' },
  { name: 'cost-by-model-day', macro: 'rpt_cost_by_model_day', view: 'v_cost_by_model_day', about: 'per day and model: API calls, tokens by kind, cost (NULL when unpriced)' },
  { name: 'unpriced-models', macro: 'rpt_unpriced_models', view: 'v_unpriced_models', about: 'models with no price (their cost is NULL, never 0): add them to pricing.json' },
  { name: 'subagents', macro: 'rpt_subagents', view: 'v_subagents', about: 'every finished subagent: type, reason, status, tool calls, real tokens and cost' },
  { name: 'slow-sessions', macro: 'rpt_slow_sessions', view: 'v_slow_sessions', about: 'sessions over 60 s or in the slowest 10 %, slowest first' },
  { name: 'tool-ngrams', macro: 'rpt_tool_ngrams', view: 'v_tool_sequence_ngrams', about: 'recurring 3- to 5-step tool sequences and how many sessions use them' },
  { name: 'usage-daily', macro: 'rpt_usage_daily', view: 'usage_daily_aggregates', about: 'per day: sessions, completed, failed, tokens, cost, cache hit rate' },
  ...DAG_REPORTS, // issue 5: the task-graph reports (sql/dag/)
];

export function findReport(name: string): ReportDef | undefined {
  return REPORTS.find((r) => r.name === name || r.view === name || r.macro === name);
}

/**
 * `--since 2026-11-01`, `--since 2026-11-01T12:00:00Z`, `--since 7d` / `12h` / `30m` (before now),
 * as a UTC TIMESTAMP literal, optionally rounded to the hour (the reports sum per hour).
 */
export function parseTimeBound(value: string, round: 'down' | 'up' | 'none' = 'none', now: Date = new Date()): string {
  const rel = /^(\d+)\s*([dhm])$/.exec(value.trim());
  let t: number;
  if (rel) t = now.getTime() - Number(rel[1]) * { d: 86_400_000, h: 3_600_000, m: 60_000 }[rel[2] as 'd' | 'h' | 'm'];
  else if (/^\d{4}-\d{2}-\d{2}$/.test(value.trim())) t = Date.parse(value.trim() + 'T00:00:00Z');
  else t = /^\d{4}-\d{2}-\d{2}T/.test(value.trim()) ? Date.parse(value.trim()) : NaN;
  if (!Number.isFinite(t)) throw new Error(`"${value}" is not a date: use YYYY-MM-DD, an ISO-8601 time (2026-11-23T09:00:00Z) or a span before now (7d, 12h, 30m)`);
  const HOUR = 3_600_000;
  if (round === 'down') t = Math.floor(t / HOUR) * HOUR;
  if (round === 'up') t = Math.ceil(t / HOUR) * HOUR;
  return utcTimestamp(new Date(t));
}
