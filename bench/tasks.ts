// `npm run bench -- tasks`: the live task graph at 1k, 5k, 10k and 100k tasks.
// Per size: claim, go (claim + start + handoff), complete + incremental promote, the ready list
// and a what-if of a 50-task pivot, each as p50/p99 and as a ratio to an empty SQLite statement
// (`SELECT 1`) timed on the same connection in the same run. Then 8 processes claiming from one
// file. The graph is the spike's: each task depends on 0–3 random tasks among the previous 500.
// Flags: --quick (1k and 5k only), --sizes=1000,10000.
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Graph } from '../state/graph';
import { seededRandom as rng } from './seeded-random';
import * as ops from '../state/ops';
import { decompose, pivot } from '../state/plan';
import { readyList } from '../state/queries';
import * as T from '../state/transitions';
import { whatIf } from '../state/what-if';
import { percentiles } from './stats';

interface Stats {
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

function build(file: string, n: number): { g: Graph; buildMs: number; edges: number } {
  const g = Graph.open(file);
  const rand = rng(n);
  let edges = 0;
  const buildMs = time(() =>
    g.tx(() => {
      const ids: string[] = [];
      const insertDep = g.db.prepare('INSERT OR IGNORE INTO dependencies (from_task, to_task) VALUES (?, ?)');
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
  // No ANALYZE, as in the product: better-sqlite3 is built with STAT4, and once sqlite_stat tables
  // exist every statement whose parameters meet an indexed column is re-prepared at each bind.
  // Measured here: claim p50 166 → 442 µs, the ready-queue SELECT 5 → 13.5 µs, with the same plan.
  return { g, buildMs, edges };
}

const fmt = (ms: number) => (ms < 1 ? `${(ms * 1000).toFixed(1)} µs` : `${ms.toFixed(2)} ms`);
const ratio = (ms: number, base: number) => `×${(ms / base).toFixed(0)}`;

interface Row {
  tasks: number;
  claimPages: number;
  completePages: number;
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

function measureSize(dir: string, n: number): Row {
  const { g, buildMs, edges } = build(path.join(dir, `graph-${n}.sqlite`), n);
  const actor = { agent: 'bench', session: null };
  const select1 = g.db.prepare('SELECT 1');
  const base: number[] = [];
  for (let i = 0; i < 20_000; i++) base.push(time(() => select1.get()));

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
  // Load-independent cost: WAL pages (4 KiB + 24 B frame header) each commit writes.
  const walPages = (fn: () => void, n: number) => {
    g.db.pragma('wal_autocheckpoint = 0');
    g.db.pragma('wal_checkpoint(TRUNCATE)');
    for (let i = 0; i < n; i++) fn();
    const bytes = fs.statSync(g.db.name + '-wal').size;
    g.db.pragma('wal_autocheckpoint = 4000'); // as state/db.ts sets it
    return bytes / n / (4096 + 24);
  };
  const spare: string[] = [];
  const claimPages = walPages(() => {
    const r = g.tx(() => T.claimNext(g, actor));
    if (r) spare.push(r.id);
  }, 100);
  const completePages = walPages(() => {
    const id = spare.pop();
    if (id) g.tx(() => T.done(g, id, actor));
  }, 100);
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
  process.stderr.write(`  ${n} tasks, ${edges} edges built in ${buildMs.toFixed(0)} ms\n`);
  return { tasks: n, claimPages, completePages, claimCpu: stats(claimCpu), completeCpu: stats(completeCpu), build: `${(buildMs / 1000).toFixed(2)} s`, select1: stats(base), claim: stats(claim), go: stats(go), complete: stats(complete), ready: stats(ready), whatIf: stats(wi.slice(1)) };
}

const WORKER = path.join(__dirname, 'tasks-worker.js');

function worker(file: string, agent: string, mode: string): Promise<{ claims: number; claimed: string[]; busy_errors: number; ms: number }> {
  return new Promise((resolve, reject) => {
    const p = spawn(process.execPath, [WORKER, file, agent, mode], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    p.stdout.on('data', (d) => (out += d));
    p.on('exit', (code) => (code === 0 ? resolve(JSON.parse(out)) : reject(new Error(`worker exited ${code}`))));
  });
}

async function concurrent(dir: string, mode: 'claim' | 'complete', n: number, run: number) {
  const file = path.join(dir, `conc-${mode}-${run}.sqlite`);
  const g = Graph.open(file);
  if (mode === 'claim') g.tx(() => Array.from({ length: n }, (_, i) => T.insertTask(g, { title: `t${i}` }, true)));
  g.close();
  if (mode === 'complete') build(file, n).g.close();
  const t0 = performance.now();
  const results = await Promise.all(Array.from({ length: 8 }, (_, i) => worker(file, `w${i}`, mode)));
  const wall = performance.now() - t0;
  const all = results.flatMap((r) => r.claimed);
  const doubles = all.length - new Set(all).size;
  // Throughput over the span the workers were all claiming: total claims / the longest worker loop
  // (process start-up, ~100 ms each, is excluded; it is in `wall`).
  const span = Math.max(...results.map((r) => r.ms));
  return { claims: all.length, doubles, busy: results.reduce((a, r) => a + r.busy_errors, 0), perSecond: (all.length / span) * 1000, wallMs: wall, perWorker: results.map((r) => r.claims) };
}

export async function run(flags: string[]): Promise<void> {
  const sizesFlag = flags.find((f) => f.startsWith('--sizes='));
  const sizes = sizesFlag ? sizesFlag.slice(8).split(',').map(Number) : flags.includes('--quick') ? [1000, 5000] : [1000, 5000, 10_000, 100_000];
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'agentdag-bench-tasks-'));
  // Tail latencies on a shared 2-vCPU VM follow the machine's load more than the code: say what it was.
  const load = () => os.loadavg().map((x) => x.toFixed(1)).join(' ');
  process.stdout.write(`load average at start: ${load()} (${os.cpus().length} CPUs)\n\n`);
  try {
    const rows = sizes.map((n) => measureSize(dir, n));
    const out: string[] = [];
    out.push('| tasks | `SELECT 1` p50 | claim p50 / p99 | go (claim+start+handoff) p50 / p99 | complete + promote p50 / p99 | ready list (100) p50 | what-if 50-task pivot (median) |');
    out.push('|---|---|---|---|---|---|---|');
    for (const r of rows) {
      const b = r.select1.p50;
      const pair = (s: Stats) => `${fmt(s.p50)} / ${fmt(s.p99)} (${ratio(s.p50, b)} / ${ratio(s.p99, b)})`;
      out.push(`| ${r.tasks.toLocaleString('en')} | ${fmt(b)} | ${pair(r.claim)} | ${pair(r.go)} | ${pair(r.complete)} | ${fmt(r.ready.p50)} (${ratio(r.ready.p50, b)}) | ${fmt(r.whatIf.p50)} (${ratio(r.whatIf.p50, b)}) |`);
    }
    out.push('', 'Load-independent costs: CPU time of this process per operation (user + system, so preemption by other processes is left out) and WAL pages written per commit.', '');
    out.push('| tasks | claim CPU p50 / p99 | complete + promote CPU p50 / p99 | WAL pages per claim | WAL pages per complete + promote |', '|---|---|---|---|---|');
    for (const r of rows) {
      out.push(`| ${r.tasks.toLocaleString('en')} | ${fmt(r.claimCpu.p50)} / ${fmt(r.claimCpu.p99)} | ${fmt(r.completeCpu.p50)} / ${fmt(r.completeCpu.p99)} | ${r.claimPages.toFixed(2)} | ${r.completePages.toFixed(2)} |`);
    }
    process.stdout.write(out.join('\n') + '\n\n');
    const big = rows.find((r) => r.tasks === 100_000);
    const five = rows.find((r) => r.tasks === 5000);
    const verdict = (ms: number) => (ms < 1 ? '< 1 ms ✓' : '≥ 1 ms ✗');
    if (big) {
      process.stdout.write(`targets at 100k (wall): claim p99 ${fmt(big.claim.p99)} ${verdict(big.claim.p99)}; complete+promote p99 ${fmt(big.complete.p99)} ${verdict(big.complete.p99)}\n`);
      process.stdout.write(`targets at 100k (CPU):  claim p99 ${fmt(big.claimCpu.p99)} ${verdict(big.claimCpu.p99)}; complete+promote p99 ${fmt(big.completeCpu.p99)} ${verdict(big.completeCpu.p99)}\n`);
    }
    if (five) process.stdout.write(`target at 5k: what-if of a 50-task pivot ${fmt(five.whatIf.p50)} ${five.whatIf.p50 < 50 ? '< 50 ms ✓' : '≥ 50 ms ✗'}\n`);

    process.stdout.write('\n8 processes on one file (median of 3 runs):\n\n| mode | tasks | claims/s | double claims | SQLITE_BUSY seen | claims per worker (run 1) |\n|---|---|---|---|---|---|\n');
    for (const [mode, n] of [
      ['claim', 10_000],
      ['complete', 3000],
    ] as const) {
      const runs = [];
      for (let i = 0; i < 3; i++) runs.push(await concurrent(dir, mode, n, i));
      const med = [...runs].sort((a, b) => a.perSecond - b.perSecond)[1];
      const label = mode === 'claim' ? 'atomic claim' : 'claim + complete + promote (DAG)';
      process.stdout.write(
        `| ${label} | ${n.toLocaleString('en')} | ${Math.round(med.perSecond).toLocaleString('en')} (${runs.map((r) => Math.round(r.perSecond)).join(', ')}) | ${runs.reduce((a, r) => a + r.doubles, 0)} | ${runs.reduce((a, r) => a + r.busy, 0)} | ${runs[0].perWorker.join(' ')} |\n`,
      );
    }
    process.stdout.write(`\nload average at end: ${load()}\n`);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
