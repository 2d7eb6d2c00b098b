// One session as a plan: the rows of sql/queries/session_trace.sql turned into lanes (the main
// thread and each subagent, launched ones under the lane that launched them), tool calls packed
// into rows within their lane (parallel calls side by side), API calls, and waves (tool calls one
// API message issued together, which run in parallel). Times are milliseconds from the session's
// start. Drawn by session-page.ts (the browser) and cli/session-trace.ts (the terminal).
import { readSql } from '../warehouse/sql-files';
import type { Row } from '../core/json';

export interface TraceLane {
  id: string;
  name: string;
  label: string | null;
  status: string;
  start: number;
  end: number;
  /** The Agent call (tool_use_id) that launched it; null for the main thread. */
  launchedBy: string | null;
  background: boolean;
  depth: number;
  toolCalls: number;
  failedToolCalls: number;
  apiCalls: number;
  tokens: number;
  costUsd: number | null;
  unpricedCalls: number;
  models: string | null;
  /** Rows its tool calls take (parallel calls need more than one). */
  rows: number;
}

export interface TraceCall {
  lane: string;
  tool: string;
  status: string;
  start: number;
  end: number;
  toolUseId: string;
  batchId: string | null;
  batchSize: number;
  /** For an Agent call: the lane it launched. */
  launches: string | null;
  detail: string | null;
  error: string | null;
  row: number;
  wave: number | null;
}

export interface TraceApiCall {
  lane: string;
  at: number;
  model: string | null;
  tokens: number;
  costUsd: number | null;
}

export interface TraceWave {
  n: number;
  lane: string;
  start: number;
  end: number;
  calls: number;
  tools: string[];
  /** Lanes its Agent calls launched. */
  lanes: string[];
}

export interface SessionTrace {
  sessionId: string;
  startedAt: string;
  durationMs: number;
  lanes: TraceLane[];
  calls: TraceCall[];
  apiCalls: TraceApiCall[];
  waves: TraceWave[];
  totals: { toolCalls: number; failedToolCalls: number; apiCalls: number; tokens: number; costUsd: number | null; unpricedCalls: number };
}

export const SESSION_TRACE_SQL = (): string => readSql('queries', 'session_trace');

const num = (v: unknown) => (v === null || v === undefined ? 0 : Number(v));
const time = (v: unknown) => (v instanceof Date ? v.getTime() : Date.parse(String(v).replace(' ', 'T') + (/[Zz]|[+-]\d\d:?\d\d$/.test(String(v)) ? '' : 'Z')));

/** Main first, then every lane right under the lane that launched it, in launch order (links do not cross). */
function laneOrder(lanes: TraceLane[], calls: TraceCall[]): TraceLane[] {
  const launcher = new Map(calls.filter((c) => c.launches).map((c) => [c.launches as string, c.lane]));
  const launchedAt = new Map(calls.filter((c) => c.launches).map((c) => [c.launches as string, c.start]));
  const children = new Map<string, TraceLane[]>();
  const roots: TraceLane[] = [];
  const order = (l: TraceLane) => launchedAt.get(l.id) ?? l.start;
  for (const l of [...lanes].sort((a, b) => order(a) - order(b))) {
    const parent = l.id === 'main' ? undefined : launcher.get(l.id) ?? 'main';
    if (parent === undefined || !lanes.some((x) => x.id === parent)) roots.push(l);
    else children.set(parent, [...(children.get(parent) ?? []), l]);
  }
  const out: TraceLane[] = [];
  const visit = (l: TraceLane, depth: number) => {
    out.push({ ...l, depth });
    for (const c of children.get(l.id) ?? []) visit(c, depth + 1);
  };
  roots.sort((a, b) => (a.id === 'main' ? -1 : b.id === 'main' ? 1 : a.start - b.start)).forEach((l) => visit(l, 0));
  return out;
}

/**
 * Pack a lane's calls into rows: a call goes on the first row free at its start. `minSpan` is the
 * least time a bar takes on screen, so a 3 ms call does not hide under its neighbour.
 */
function packRows(calls: TraceCall[], minSpan: number): number {
  const rowEnds: number[] = [];
  for (const c of [...calls].sort((a, b) => a.start - b.start || a.toolUseId.localeCompare(b.toolUseId))) {
    const end = Math.max(c.end, c.start + minSpan);
    let row = rowEnds.findIndex((e) => e <= c.start);
    if (row < 0) row = rowEnds.push(end) - 1;
    else rowEnds[row] = end;
    c.row = row;
  }
  return Math.max(1, rowEnds.length);
}

export function buildTrace(sessionId: string, rows: Row[]): SessionTrace | null {
  const laneRows = rows.filter((r) => r.kind === 'lane');
  if (laneRows.length === 0) return null;
  const t0 = Math.min(...rows.map((r) => time(r.started_at)).filter(Number.isFinite));
  const t1 = Math.max(...rows.flatMap((r) => [time(r.started_at), time(r.ended_at)]).filter(Number.isFinite));
  const rel = (v: unknown, fallback: number) => (Number.isFinite(time(v)) ? time(v) - t0 : fallback);
  const calls: TraceCall[] = rows
    .filter((r) => r.kind === 'tool_call')
    .map((r) => ({
      lane: String(r.lane_id),
      tool: String(r.label),
      status: String(r.status),
      start: rel(r.started_at, 0),
      end: Math.max(rel(r.started_at, 0), rel(r.ended_at, rel(r.started_at, 0))),
      toolUseId: String(r.tool_use_id),
      batchId: (r.batch_id as string | null) ?? null,
      batchSize: num(r.batch_size) || 1,
      launches: (r.launches as string | null) ?? null,
      detail: (r.detail as string | null) ?? null,
      error: (r.error as string | null) ?? null,
      row: 0,
      wave: null,
    }));
  const durationMs = Math.max(1, t1 - t0);
  let lanes: TraceLane[] = laneRows.map((r) => ({
    id: String(r.lane_id),
    name: String(r.agent_name),
    label: (r.label as string | null) ?? null,
    status: String(r.status),
    start: rel(r.started_at, 0),
    end: rel(r.ended_at, durationMs),
    launchedBy: (r.launched_by as string | null) ?? null,
    background: r.background === true,
    depth: num(r.spawn_depth),
    toolCalls: num(r.tool_calls),
    failedToolCalls: num(r.failed_tool_calls),
    apiCalls: num(r.api_calls),
    tokens: num(r.input_tokens) + num(r.output_tokens) + num(r.cache_read_tokens) + num(r.cache_write_tokens),
    costUsd: r.cost_usd === null || r.cost_usd === undefined ? null : Number(r.cost_usd),
    unpricedCalls: num(r.unpriced_calls),
    models: (r.model as string | null) ?? null,
    rows: 1,
  }));
  lanes = laneOrder(lanes, calls);
  for (const l of lanes) l.rows = packRows(calls.filter((c) => c.lane === l.id), durationMs / 150);
  const apiCalls: TraceApiCall[] = rows
    .filter((r) => r.kind === 'api_call')
    .map((r) => ({
      lane: String(r.lane_id),
      at: rel(r.started_at, 0),
      model: (r.label as string | null) ?? null,
      tokens: num(r.input_tokens) + num(r.output_tokens) + num(r.cache_read_tokens) + num(r.cache_write_tokens),
      costUsd: r.cost_usd === null || r.cost_usd === undefined ? null : Number(r.cost_usd),
    }));
  const waves = findWaves(calls, lanes);
  const priced = lanes.filter((l) => l.costUsd !== null);
  return {
    sessionId,
    startedAt: new Date(t0).toISOString(),
    durationMs,
    lanes,
    calls,
    apiCalls,
    waves,
    totals: {
      toolCalls: calls.length,
      failedToolCalls: calls.filter((c) => c.status !== 'success').length,
      apiCalls: apiCalls.length,
      tokens: lanes.reduce((s, l) => s + l.tokens, 0),
      costUsd: priced.length ? priced.reduce((s, l) => s + (l.costUsd ?? 0), 0) : null,
      unpricedCalls: lanes.reduce((s, l) => s + l.unpricedCalls, 0),
    },
  };
}

/** A wave: two or more tool calls one API message issued together, spanning what they launched. */
function findWaves(calls: TraceCall[], lanes: TraceLane[]): TraceWave[] {
  const batches = new Map<string, TraceCall[]>();
  for (const c of calls) if (c.batchId && c.batchSize > 1) batches.set(c.batchId, [...(batches.get(c.batchId) ?? []), c]);
  const waves = [...batches.values()]
    .filter((b) => b.length > 1)
    .map((b) => {
      const launched = b.map((c) => lanes.find((l) => l.id === c.launches)).filter((l): l is TraceLane => !!l);
      return {
        n: 0,
        lane: b[0].lane,
        start: Math.min(...b.map((c) => c.start)),
        end: Math.max(...b.map((c) => c.end), ...launched.map((l) => l.end)),
        calls: b.length,
        tools: [...new Set(b.map((c) => c.tool))],
        lanes: launched.map((l) => l.id),
        members: b,
      };
    })
    .sort((a, b) => a.start - b.start);
  return waves.map(({ members, ...w }, i) => {
    for (const c of members) c.wave = i + 1;
    return { ...w, n: i + 1 };
  });
}

/** A tick's label: "0 s", "0.5 s", "12 s", "1 m 30 s"; ms for a session under a second. */
export function tickLabel(ms: number, step: number): string {
  if (step < 1000 && ms < 1000 && step * 10 < 1000) return `${Math.round(ms)} ms`;
  if (step >= 60_000 || ms >= 120_000) return `${Math.floor(ms / 60_000)} m ${String(Math.round((ms % 60_000) / 1000)).padStart(2, '0')} s`;
  return `${Number((ms / 1000).toFixed(step < 1000 ? (step < 100 ? 2 : 1) : 0))} s`;
}

/** A step for about `target` ticks: 1, 2, 5 × 10^n ms. */
export function tickStep(duration: number, target = 10): number {
  const raw = duration / target;
  const pow = 10 ** Math.floor(Math.log10(raw));
  return [1, 2, 5, 10].map((m) => m * pow).find((s) => s >= raw) ?? 10 * pow;
}

/** 1.2 s, 350 ms, 2 m 05 s. */
export function formatMs(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(ms < 10_000 ? 2 : 1)} s`;
  const s = Math.round(ms / 1000);
  return `${Math.floor(s / 60)} m ${String(s % 60).padStart(2, '0')} s`;
}

/** 71.3k tokens. */
export function formatTokens(n: number): string {
  return n >= 1_000_000 ? `${(n / 1_000_000).toFixed(1)}M` : n >= 1000 ? `${(n / 1000).toFixed(1)}k` : String(n);
}

export function formatUsd(v: number | null, unpriced = 0): string {
  if (v === null) return 'unpriced';
  return `$${v.toFixed(4)}${unpriced ? ` + ${unpriced} unpriced` : ''}`;
}
