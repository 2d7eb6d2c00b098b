// `npm run bench -- lake`: the team lake, every figure a whole `agentdag` process (/usr/bin/time).
//
// 1. Push stays proportional to what is new: `agentdag push` of 1,000 new events on top of a lake
//    that already holds --small (20,000) and --large (200,000) events of the same machine,
//    interleaved, --runs times each. Ratio large / small: 1.0 means the lake's size costs nothing.
// 2. The team build: 3 machines × --machine-events (200,000) synthetic envelopes, each pushed, then
//    `agentdag ingest --lake` (whole pipeline: load the lake, models, checks, marts, publish) on a
//    fresh team data dir, against one `agentdag ingest` (whole pipeline) of the same 600,000 events
//    in one journal, interleaved, --team-runs pairs. Then the cron case: a team ingest with nothing
//    new, and one after a machine pushed 1,000 new events.
// Flags: --small=N --large=N --runs=N --machine-events=N --team-runs=N --json.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { snapshotBuild, timed, writeSyntheticJournal, type Timed } from './ingest';
import { median } from './stats';

const r2 = (x: number) => Math.round(x * 100) / 100;

interface Ctx {
  cli: string;
  work: string;
  log: (s: string) => void;
}

function env(home: string, extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  return { ...process.env, NODE_EXTRA_CA_CERTS: '', AGENTDAG_HOME: home, AGENTDAG_SEGMENT_GRACE_MS: '0', ...extra };
}

/** `agentdag <args> --json` as a timed process; its parsed output. */
function agentdag(ctx: Ctx, home: string, args: string[], extra: NodeJS.ProcessEnv = {}): { t: Timed; out: Record<string, any> } {
  const t = timed([process.execPath, ctx.cli, ...args, '--json'], env(home, extra));
  return { t, out: JSON.parse(t.stdout) };
}

/** A machine: a data dir whose journal stage stored `n` events, its own sessions. */
function machine(ctx: Ctx, name: string, n: number): string {
  const home = path.join(ctx.work, `home-${name}`);
  fs.mkdirSync(home, { mode: 0o700 });
  writeSyntheticJournal(path.join(home, 'journal.jsonl'), n, `${name}-`, name);
  const { out } = agentdag(ctx, home, ['ingest'], { AGENTDAG_INGEST_STEPS: 'journal' });
  if (out.events_new !== n) throw new Error(`${name}: ingest stored ${out.events_new} of ${n}`);
  return home;
}

/** `n` more events on a machine, stored by a journal-only ingest (not timed). */
function more(ctx: Ctx, home: string, n: number, tag: string): void {
  writeSyntheticJournal(path.join(home, 'journal.jsonl'), n, `${tag}-`, tag);
  agentdag(ctx, home, ['ingest'], { AGENTDAG_INGEST_STEPS: 'journal' });
}

function push(ctx: Ctx, home: string, lake: string, host: string, expectRows?: number): { wallMs: number; pushMs: number; rows: number } {
  const { t, out } = agentdag(ctx, home, ['push', '--to', lake], { AGENTDAG_HOST: host });
  const hooks = out.tables.find((x: { table: string }) => x.table === 'raw_hook_events')?.rows ?? 0;
  if (expectRows !== undefined && hooks !== expectRows) throw new Error(`${host}: pushed ${hooks} hook events, expected ${expectRows}`);
  return { wallMs: t.wallMs, pushMs: out.elapsed_ms, rows: out.rows };
}

function pushBench(ctx: Ctx, sizes: [number, number], runs: number) {
  const lakes = sizes.map((_s, i) => path.join(ctx.work, `lake-${i}`));
  const homes = sizes.map((s, i) => machine(ctx, `p${i}`, s));
  const initial = sizes.map((s, i) => push(ctx, homes[i], lakes[i], `p${i}`, s));
  initial.forEach((p, i) => ctx.log(`lake ${i}: first push of ${sizes[i]} events: ${p.wallMs.toFixed(0)} ms`));
  const samples: { wallMs: number; pushMs: number }[][] = [[], []];
  for (let r = 0; r < runs; r++) {
    for (const i of r % 2 ? [1, 0] : [0, 1]) {
      more(ctx, homes[i], 1000, `n${r}`);
      const p = push(ctx, homes[i], lakes[i], `p${i}`, 1000);
      samples[i].push(p);
      ctx.log(`run ${r + 1}/${runs}: 1,000 new on a lake of ${sizes[i] + r * 1000}: push ${p.wallMs.toFixed(0)} ms (inside ${p.pushMs} ms)`);
    }
  }
  const noop = [0, 1, 2].map(() => push(ctx, homes[1], lakes[1], 'p1', 0).wallMs);
  const wall = samples.map((s) => median(s.map((x) => x.wallMs)));
  const inside = samples.map((s) => median(s.map((x) => x.pushMs)));
  return {
    small_lake_events: sizes[0],
    large_lake_events: sizes[1],
    first_push_ms: initial.map((p) => Math.round(p.wallMs)),
    push_1k_small_ms: Math.round(wall[0]),
    push_1k_large_ms: Math.round(wall[1]),
    push_1k_small_inside_ms: Math.round(inside[0]),
    push_1k_large_inside_ms: Math.round(inside[1]),
    ratio_large_to_small: r2(wall[1] / wall[0]),
    ratio_large_to_small_inside: r2(inside[1] / inside[0]),
    push_noop_ms: Math.round(median(noop)),
  };
}

function teamBench(ctx: Ctx, perMachine: number, pairs: number) {
  const names = ['m1', 'm2', 'm3'];
  const lake = path.join(ctx.work, 'team-lake');
  const homes = names.map((m) => machine(ctx, m, perMachine));
  const pushes = homes.map((h, i) => push(ctx, h, lake, names[i], perMachine));
  pushes.forEach((p, i) => ctx.log(`${names[i]}: push of ${perMachine} events: ${p.wallMs.toFixed(0)} ms`));
  const all = path.join(ctx.work, 'all.jsonl');
  fs.writeFileSync(all, '');
  names.forEach((m, i) => {
    const part = path.join(ctx.work, `part-${i}.jsonl`);
    writeSyntheticJournal(part, perMachine, `${m}-`, m);
    fs.appendFileSync(all, fs.readFileSync(part));
    fs.rmSync(part);
  });
  const team: Timed[] = [];
  const single: Timed[] = [];
  const ratios: number[] = [];
  let teamHome = '';
  let stages: { team: unknown; single: unknown } = { team: null, single: null };
  for (let r = 0; r < pairs; r++) {
    const t = path.join(ctx.work, `team-${r}`);
    fs.mkdirSync(t, { mode: 0o700 });
    const tr = agentdag(ctx, t, ['ingest', '--lake', lake]);
    if (tr.out.lake.rows_new !== 3 * perMachine) throw new Error(`team ingest stored ${tr.out.lake.rows_new} rows`);
    const s = path.join(ctx.work, `single-${r}`);
    fs.mkdirSync(s, { mode: 0o700 });
    fs.copyFileSync(all, path.join(s, 'journal.jsonl'));
    const sr = agentdag(ctx, s, ['ingest']);
    if (sr.out.events_new !== 3 * perMachine) throw new Error(`single ingest stored ${sr.out.events_new} events`);
    team.push(tr.t);
    single.push(sr.t);
    ratios.push(tr.t.wallMs / sr.t.wallMs);
    stages = { team: tr.out.timings_ms, single: sr.out.timings_ms };
    ctx.log(`pair ${r + 1}/${pairs}: team ${tr.t.wallMs.toFixed(0)} ms ${JSON.stringify(tr.out.timings_ms)}; single ${sr.t.wallMs.toFixed(0)} ms ${JSON.stringify(sr.out.timings_ms)}`);
    if (teamHome) fs.rmSync(teamHome, { recursive: true, force: true });
    fs.rmSync(s, { recursive: true, force: true });
    teamHome = t;
  }
  const noop = [0, 1, 2].map(() => agentdag(ctx, teamHome, ['ingest', '--lake', lake]).t.wallMs);
  const incr: number[] = [];
  let incrStages: unknown = null;
  for (let r = 0; r < 3; r++) {
    more(ctx, homes[0], 1000, `inc${r}`);
    push(ctx, homes[0], lake, 'm1', 1000);
    const x = agentdag(ctx, teamHome, ['ingest', '--lake', lake]);
    if (x.out.lake.rows_new !== 1000) throw new Error(`incremental team ingest stored ${x.out.lake.rows_new}`);
    incr.push(x.t.wallMs);
    incrStages = x.out.timings_ms;
  }
  return {
    machines: names.length,
    events_per_machine: perMachine,
    push_per_machine_ms: pushes.map((p) => Math.round(p.wallMs)),
    team_ingest_ms: Math.round(median(team.map((t) => t.wallMs))),
    single_ingest_ms: Math.round(median(single.map((t) => t.wallMs))),
    ratio_team_to_single: r2(median(ratios)),
    ratio_min: r2(Math.min(...ratios)),
    ratio_max: r2(Math.max(...ratios)),
    team_peak_rss_mib: Math.round(median(team.map((t) => t.maxRssMiB))),
    single_peak_rss_mib: Math.round(median(single.map((t) => t.maxRssMiB))),
    last_stages_ms: stages,
    team_noop_ms: Math.round(median(noop)),
    team_incremental_1k_ms: Math.round(median(incr)),
    team_incremental_stages_ms: incrStages,
  };
}

export async function run(flags: string[]): Promise<void> {
  const num = (name: string, dflt: number) => {
    const f = flags.find((x) => x.startsWith(`--${name}=`));
    return f ? Number(f.split('=')[1]) : dflt;
  };
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'agentdag-bench-lake-'));
  const ctx: Ctx = { cli: snapshotBuild(work), work, log: (s) => process.stderr.write(s + '\n') };
  try {
    const p = pushBench(ctx, [num('small', 20_000), num('large', 200_000)], num('runs', 5));
    const t = teamBench(ctx, num('machine-events', 200_000), num('team-runs', 3));
    const result = { push: p, team: t, load_average_1m: r2(os.loadavg()[0]) };
    if (flags.includes('--json')) {
      process.stdout.write(JSON.stringify(result, null, 2) + '\n');
      return;
    }
    const k = (n: number) => n.toLocaleString('en');
    process.stdout.write(
      [
        `| figure | value |`,
        `| --- | --- |`,
        `| push of 1,000 new events, lake of ${k(p.small_lake_events)} (median of ${num('runs', 5)}) | ${p.push_1k_small_ms} ms (inside the process ${p.push_1k_small_inside_ms} ms) |`,
        `| push of 1,000 new events, lake of ${k(p.large_lake_events)} | ${p.push_1k_large_ms} ms (inside ${p.push_1k_large_inside_ms} ms) |`,
        `| **ratio large lake / small lake** | **×${p.ratio_large_to_small}** (inside ×${p.ratio_large_to_small_inside}; 1.0 = the lake's size costs nothing) |`,
        `| first push of ${k(p.small_lake_events)} / ${k(p.large_lake_events)} events; push with nothing new | ${p.first_push_ms.join(' / ')} ms; ${p.push_noop_ms} ms |`,
        `| push of ${k(t.events_per_machine)} events per machine (3 machines) | ${t.push_per_machine_ms.join(' / ')} ms |`,
        `| team ingest --lake of 3 × ${k(t.events_per_machine)} (whole pipeline, marts included), median of ${num('team-runs', 3)} | ${t.team_ingest_ms} ms, peak RSS ${t.team_peak_rss_mib} MiB |`,
        `| one ingest of the same ${k(3 * t.events_per_machine)} events (whole pipeline) | ${t.single_ingest_ms} ms, peak RSS ${t.single_peak_rss_mib} MiB |`,
        `| **ratio team / single** | **×${t.ratio_team_to_single}** [${t.ratio_min}–${t.ratio_max}] |`,
        `| stages of the last pair (ms) | team ${JSON.stringify(t.last_stages_ms.team)}; single ${JSON.stringify(t.last_stages_ms.single)} |`,
        `| team ingest, nothing new / 1,000 new events from one machine (median of 3) | ${t.team_noop_ms} ms / ${t.team_incremental_1k_ms} ms (stages of the last: ${JSON.stringify(t.team_incremental_stages_ms)}) |`,
        `| load average when done (2 cores) | ${result.load_average_1m} |`,
      ].join('\n') + '\n',
    );
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}
