// `npm run bench -- tasks`: the live task graph on each store (the SQLite file; PostgreSQL when one
// is at hand) at 1k, 5k, 10k and 100k tasks. Per size: claim, go (claim + start + handoff),
// complete + incremental promote, the ready list and a what-if of a 50-task pivot, each as p50/p99
// and as a ratio to an empty statement (`SELECT 1`) timed on the same connection in the same run.
// Then 8 processes claiming from one graph, and the agent's CLI (task go / task done) against
// `node -e 0`. The graph is the spike's: each task depends on 0–3 random tasks among the previous 500.
// PostgreSQL: AGENTDAG_BENCH_PG_URL (or AGENTDAG_TEST_PG_URL), else a throwaway cluster started here
// (bench/pg-cluster.ts: fsync on, synchronous_commit off, i.e. SQLite's synchronous=NORMAL
// guarantee); without PostgreSQL installed its rows are left out, saying why.
// Flags: --quick (1k and 5k only), --sizes=1000,10000, --sqlite-only.
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Graph } from '../state/graph';
import * as T from '../state/transitions';
import { cliSpeedTable, measureCliSpeed, sqliteCliSpeed, type CliSpeed } from './cli-speed';
import { startCluster, whyNoCluster, type Cluster } from './pg-cluster';
import { build, measureSize, type Row, type Stats } from './tasks-measure';

const fmt = (ms: number) => (ms < 1 ? `${(ms * 1000).toFixed(1)} µs` : `${ms.toFixed(2)} ms`);
const ratio = (ms: number, base: number) => `×${(ms / base).toFixed(0)}`;

interface Store {
  name: string;
  /** A fresh graph's location for `label`. */
  location: (label: string) => string;
}

const WORKER = path.join(__dirname, 'tasks-worker.js');

function worker(location: string, agent: string, mode: string): Promise<{ claims: number; claimed: string[]; busy_errors: number; ms: number }> {
  return new Promise((resolve, reject) => {
    const p = spawn(process.execPath, [WORKER, location, agent, mode], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    p.stdout.on('data', (d) => (out += d));
    p.on('exit', (code) => (code === 0 ? resolve(JSON.parse(out)) : reject(new Error(`worker exited ${code}`))));
  });
}

async function concurrent(store: Store, mode: 'claim' | 'complete', n: number, run: number) {
  const location = store.location(`conc_${mode}_${run}`);
  if (mode === 'claim') {
    const g = Graph.open(location);
    g.tx(() => Array.from({ length: n }, (_, i) => T.insertTask(g, { title: `t${i}` }, true)));
    g.close();
  } else build(location, n).g.close();
  const t0 = performance.now();
  const results = await Promise.all(Array.from({ length: 8 }, (_, i) => worker(location, `w${i}`, mode)));
  const wall = performance.now() - t0;
  const all = results.flatMap((r) => r.claimed);
  // Throughput over the span the workers were all claiming: total claims / the longest worker loop
  // (process start-up is excluded; it is in `wall`).
  const span = Math.max(...results.map((r) => r.ms));
  return { claims: all.length, doubles: all.length - new Set(all).size, busy: results.reduce((a, r) => a + r.busy_errors, 0), perSecond: (all.length / span) * 1000, wallMs: wall, perWorker: results.map((r) => r.claims) };
}

function latencyTables(rows: Row[]): string {
  const out: string[] = [];
  out.push('| store | tasks | `SELECT 1` p50 | claim p50 / p99 | go (claim+start+handoff) p50 / p99 | complete + promote p50 / p99 | ready list (100) p50 | what-if 50-task pivot (median) |');
  out.push('|---|---|---|---|---|---|---|---|');
  for (const r of rows) {
    const b = r.select1.p50;
    const pair = (s: Stats) => `${fmt(s.p50)} / ${fmt(s.p99)} (${ratio(s.p50, b)} / ${ratio(s.p99, b)})`;
    out.push(`| ${r.store} | ${r.tasks.toLocaleString('en')} | ${fmt(b)} | ${pair(r.claim)} | ${pair(r.go)} | ${pair(r.complete)} | ${fmt(r.ready.p50)} (${ratio(r.ready.p50, b)}) | ${fmt(r.whatIf.p50)} (${ratio(r.whatIf.p50, b)}) |`);
  }
  out.push('', 'Load-independent costs: CPU time of this process per operation (user + system, so preemption is left out; PostgreSQL: the client only, the server works too) and SQLite WAL pages per commit.', '');
  out.push('| store | tasks | claim CPU p50 / p99 | complete + promote CPU p50 / p99 | WAL pages per claim | WAL pages per complete + promote |', '|---|---|---|---|---|---|');
  for (const r of rows) {
    const pages = (p: number | null) => (p === null ? '—' : p.toFixed(2));
    out.push(`| ${r.store} | ${r.tasks.toLocaleString('en')} | ${fmt(r.claimCpu.p50)} / ${fmt(r.claimCpu.p99)} | ${fmt(r.completeCpu.p50)} / ${fmt(r.completeCpu.p99)} | ${pages(r.claimPages)} | ${pages(r.completePages)} |`);
  }
  return out.join('\n');
}

async function postgres(flags: string[]): Promise<{ url: string; cluster: Cluster | null } | string> {
  if (flags.includes('--sqlite-only')) return 'left out (--sqlite-only)';
  const given = process.env.AGENTDAG_BENCH_PG_URL || process.env.AGENTDAG_TEST_PG_URL;
  if (given) return { url: given, cluster: null };
  const why = whyNoCluster();
  if (why) return `left out: ${why}`;
  const cluster = await startCluster({ durable: true });
  return { url: cluster.url, cluster };
}

export async function run(flags: string[]): Promise<void> {
  const sizesFlag = flags.find((f) => f.startsWith('--sizes='));
  const sizes = sizesFlag ? sizesFlag.slice(8).split(',').map(Number) : flags.includes('--quick') ? [1000, 5000] : [1000, 5000, 10_000, 100_000];
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'agentdag-bench-tasks-'));
  const load = () => os.loadavg().map((x) => x.toFixed(1)).join(' ');
  process.stdout.write(`load average at start: ${load()} (${os.cpus().length} CPUs)\n\n`);
  const pg = await postgres(flags);
  const stores: Store[] = [{ name: 'SQLite', location: (label) => path.join(dir, `${label}.sqlite`) }];
  if (typeof pg === 'string') process.stdout.write(`PostgreSQL: ${pg}\n\n`);
  else stores.push({ name: 'PostgreSQL', location: (label) => `${pg.url}${pg.url.includes('?') ? '&' : '?'}schema=bench_${label}_${process.pid}` });
  try {
    const rows = stores.flatMap((s) => sizes.map((n) => measureSize(s.name, s.location(`size_${n}`), n)));
    process.stdout.write(latencyTables(rows) + '\n\n');
    const verdict = (ms: number) => (ms < 1 ? '< 1 ms ✓' : '≥ 1 ms ✗');
    for (const big of rows.filter((r) => r.tasks === 100_000)) {
      process.stdout.write(`${big.store} at 100k (wall): claim p99 ${fmt(big.claim.p99)} ${verdict(big.claim.p99)}; complete+promote p99 ${fmt(big.complete.p99)} ${verdict(big.complete.p99)}\n`);
    }
    for (const five of rows.filter((r) => r.tasks === 5000)) {
      process.stdout.write(`${five.store} at 5k: what-if of a 50-task pivot ${fmt(five.whatIf.p50)} ${five.whatIf.p50 < 50 ? '< 50 ms ✓' : '≥ 50 ms ✗'}\n`);
    }

    process.stdout.write('\n8 processes on one graph (median of 3 runs):\n\n| store | mode | tasks | claims/s | double claims | busy errors | claims per worker (run 1) |\n|---|---|---|---|---|---|---|\n');
    for (const s of stores) {
      for (const [mode, n] of [
        ['claim', 10_000],
        ['complete', 3000],
      ] as const) {
        const runs = [];
        for (let i = 0; i < 3; i++) runs.push(await concurrent(s, mode, n, i));
        const med = [...runs].sort((a, b) => a.perSecond - b.perSecond)[1];
        const label = mode === 'claim' ? 'atomic claim' : 'claim + complete + promote (DAG)';
        process.stdout.write(
          `| ${s.name} | ${label} | ${n.toLocaleString('en')} | ${Math.round(med.perSecond).toLocaleString('en')} (${runs.map((r) => Math.round(r.perSecond)).join(', ')}) | ${runs.reduce((a, r) => a + r.doubles, 0)} | ${runs.reduce((a, r) => a + r.busy, 0)} | ${runs[0].perWorker.join(' ')} |\n`,
        );
      }
    }

    process.stdout.write('\nThe agent\'s CLI, each call a fresh process (median of 25 interleaved rounds):\n\n');
    const cli: CliSpeed[] = sqliteCliSpeed();
    if (typeof pg !== 'string') {
      const without = { ...process.env };
      delete without.NODE_EXTRA_CA_CERTS;
      cli.push(measureCliSpeed('PostgreSQL / NODE_EXTRA_CA_CERTS removed', without, 15, stores[1].location('cli')));
    }
    process.stdout.write(cliSpeedTable(cli) + '\n');
    process.stdout.write(`\nload average at end: ${load()}\n`);
  } finally {
    if (typeof pg !== 'string') pg.cluster?.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
