// One store, one graph size: the timings `npm run bench -- tasks` reports (bench/tasks.ts prints).
// The graph is the spike's: each task depends on 0–3 random tasks among the previous 500.
import * as fs from 'node:fs';
import { Graph } from '../state/graph';
import * as ops from '../state/ops';
import { decompose, pivot } from '../state/plan';
import { readyList } from '../state/queries';
import * as T from '../state/transitions';
import { whatIf } from '../state/what-if';
import { seededRandom as rng } from './seeded-random';
import { percentiles } from './stats';

export interface Stats {
  p50: number;
  p99: number;
  n: number;
}

function stats(samples: number[]): Stats {
  const { p50, p99, n } = percentiles(samples);
  return { p50, p99, n };
}

function time(fn: () => unknown): number {
  const t0 = performance.now();
  fn();
  return performance.now() - t0;
}

/** Wall time, plus this process's CPU time (user + system): what the op costs when not preempted. */
function timeWithCpu(fn: () => unknown, cpu: number[]): number {
  const c0 = process.cpuUsage();
  const ms = time(fn);
  const c = process.cpuUsage(c0);
  cpu.push((c.user + c.system) / 1000);
  return ms;
}

/** The spike's graph of n tasks at `location` (a SQLite file or a PostgreSQL URL). */
export function build(location: string, n: number): { g: Graph; buildMs: number; edges: number } {
  const g = Graph.open(location);
  const rand = rng(n);
  let edges = 0;
  const buildMs = time(() =>
    g.tx(() => {
      const ids: string[] = [];
      const insertDep = g.stmt('INSERT INTO dependencies (from_task, to_task) VALUES (?, ?) ON CONFLICT DO NOTHING');
      for (let i = 0; i < n; i++) {
        const k = i === 0 ? 0 : Math.floor(rand() * 4);
        const deps = new Set<string>();
        for (let j = 0; j < k; j++) deps.add(ids[Math.max(0, i - 1 - Math.floor(rand() * Math.min(500, i)))]);
        const id = T.insertTask(g, { title: `task ${i}`, priority: Math.floor(rand() * 3) }, deps.size === 0);
        for (const d of deps) edges += insertDep.run(d, id).changes;
        ids.push(id);
      }
    }),
  );
  // No ANALYZE in SQLite, as in the product: better-sqlite3 is built with STAT4, and once
  // sqlite_stat tables exist every statement whose parameters meet an indexed column is re-prepared
  // at each bind. Measured here: claim p50 166 → 442 µs, the ready-queue SELECT 5 → 13.5 µs.
  // PostgreSQL gets the statistics it would have after autovacuum ran once.
  if (g.store.kind === 'postgres') g.stmt('ANALYZE').run();
  return { g, buildMs, edges };
}

export interface Row {
  store: string;
  tasks: number;
  /** WAL pages per commit (SQLite only). */
  claimPages: number | null;
  completePages: number | null;
  claimCpu: Stats;
  completeCpu: Stats;
  build: string;
  select1: Stats;
  claim: Stats;
  go: Stats;
  complete: Stats;
  ready: Stats;
  whatIf: Stats;
}

/** Load-independent cost in SQLite: WAL pages (4 KiB + 24 B frame header) each commit writes. */
function walPages(g: Graph, fn: () => void, n: number): number {
  g.db.pragma('wal_autocheckpoint = 0');
  g.db.pragma('wal_checkpoint(TRUNCATE)');
  for (let i = 0; i < n; i++) fn();
  const bytes = fs.statSync(g.db.name + '-wal').size;
  g.db.pragma('wal_autocheckpoint = 4000'); // as state/db.ts sets it
  return bytes / n / (4096 + 24);
}

export function measureSize(store: string, location: string, n: number): Row {
  const { g, buildMs, edges } = build(location, n);
  const actor = { agent: 'bench', session: null };
  const select1 = g.stmt('SELECT 1');
  const base: number[] = [];
  for (let i = 0; i < (g.store.kind === 'sqlite' ? 20_000 : 2000); i++) base.push(time(() => select1.get()));

  const samples = Math.min(2000, Math.floor(n / 4));
  const claim: number[] = [];
  const claimCpu: number[] = [];
  const claimed: string[] = [];
  for (let i = 0; i < samples; i++) {
    let id: string | undefined;
    claim.push(timeWithCpu(() => (id = g.tx(() => T.claimNext(g, actor))?.id), claimCpu));
    if (id) claimed.push(id);
  }
  const complete: number[] = [];
  const completeCpu: number[] = [];
  for (const id of claimed) complete.push(timeWithCpu(() => g.tx(() => T.done(g, id, actor, { result: { ok: true } })), completeCpu));
  let claimPages: number | null = null;
  let completePages: number | null = null;
  if (g.store.kind === 'sqlite') {
    const spare: string[] = [];
    claimPages = walPages(g, () => {
      const r = g.tx(() => T.claimNext(g, actor));
      if (r) spare.push(r.id);
    }, 100);
    completePages = walPages(g, () => {
      const id = spare.pop();
      if (id) g.tx(() => T.done(g, id, actor));
    }, 100);
  }
  const go: number[] = [];
  for (let i = 0; i < samples; i++) {
    let id: string | undefined;
    go.push(time(() => (id = ops.go(g, { agent: actor.agent }).task?.id)));
    if (id) g.tx(() => T.done(g, id!, actor));
  }
  const ready: number[] = [];
  for (let i = 0; i < 300; i++) ready.push(time(() => readyList(g, 100)));

  // A 50-task subtree (a composite root and 49 subtasks) hanging off a live task, then pivoted.
  const root = g.tx(() => T.insertTask(g, { title: 'pivot root' }, true));
  g.tx(() => decompose(g, root, Array.from({ length: 49 }, (_, i) => ({ key: `s${i}`, title: `sub ${i}`, after: [], inputs: [] }))));
  const spec = [{ key: 'r', title: 'replacement', after: [], inputs: [] }];
  const wi: number[] = [];
  for (let i = 0; i < 21; i++) {
    wi.push(
      time(() => {
        const { report } = whatIf(g, () => pivot(g, root, spec, 'bench'));
        if (report.cancelled.length !== 50) throw new Error(`what-if cancelled ${report.cancelled.length}, expected 50`);
      }),
    );
  }
  g.close();
  process.stderr.write(`  ${store}: ${n} tasks, ${edges} edges built in ${buildMs.toFixed(0)} ms\n`);
  return {
    store,
    tasks: n,
    claimPages,
    completePages,
    claimCpu: stats(claimCpu),
    completeCpu: stats(completeCpu),
    build: `${(buildMs / 1000).toFixed(2)} s`,
    select1: stats(base),
    claim: stats(claim),
    go: stats(go),
    complete: stats(complete),
    ready: stats(ready),
    whatIf: stats(wi.slice(1)),
  };
}
