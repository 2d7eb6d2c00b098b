// `npm run bench -- ingest`: the journal stage of `agentdag ingest` on N synthetic envelopes
// (default 1,000,000, ~590 MB), against DuckDB's own read_json of the same file, same run.
//
//   baseline  "read_json"  a fresh process: open a new .duckdb file,
//                          CREATE TABLE AS SELECT * FROM read_json(<journal>, explicit columns), CHECKPOINT
//   measured  "ingest"     `agentdag ingest` (journal stage: rotate, offsets, read_json staged,
//                          insert with offsets, dedup check, cursor, publish = checkpoint + copy
//                          + rename), fresh data dir
// Both are whole processes timed by /usr/bin/time (wall, peak RSS), interleaved A B A B …; the
// ratio is the median of per-pair ratios. Then: a no-op ingest (nothing new) against `node -e 0`
// plus opening the warehouse, and an incremental ingest of 1,000 new events on top.
// Flags: --events=N (default 1000000), --runs=N pairs (default 3), --json. Target: ratio ≤ 1.3.
// Where ingest's time goes (1M envelopes, quiet VM): read_json into a temp table ~2.6-3 s (the JS
// newline scan, ~0.6 s, runs meanwhile), the insert into raw_hook_events with offsets ~3 s, the
// check for repeated ids ~0.2 s, publish ~0.15 s. See sql/load/journal_batch.sql for what was
// tried (a POSITIONAL JOIN of read_json and the offsets ran the read on one thread: ×1.36).
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { median } from './stats';

const root = path.resolve(__dirname, '..', '..');
const duckdbModule = path.join(root, 'node_modules', '@duckdb', 'node-api');

/**
 * A private copy of the build (dist/, sql/, data/, package.json; node_modules linked) to run the CLI
 * from: a rebuild of the shared checkout during a several-minute bench would otherwise swap
 * modules under a running measurement.
 */
export function snapshotBuild(into: string): string {
  const copy = path.join(into, 'agentdag');
  fs.mkdirSync(copy);
  fs.copyFileSync(path.join(root, 'package.json'), path.join(copy, 'package.json'));
  fs.cpSync(path.join(root, 'dist'), path.join(copy, 'dist'), { recursive: true });
  for (const dir of ['sql', 'data']) {
    if (fs.existsSync(path.join(root, dir))) fs.cpSync(path.join(root, dir), path.join(copy, dir), { recursive: true });
  }
  fs.symlinkSync(path.join(root, 'node_modules'), path.join(copy, 'node_modules'));
  return path.join(copy, 'dist', 'cli', 'index.js');
}

const COLUMNS =
  "{v: 'VARCHAR', id: 'JSON', ts: 'VARCHAR', host: 'VARCHAR', event: 'VARCHAR', session_id: 'VARCHAR', agent_id: 'VARCHAR', agent_type: 'VARCHAR', payload: 'JSON', cut: 'JSON', redacted: 'JSON'}";

const EVENTS = ['SessionStart', 'UserPromptSubmit', 'PreToolUse', 'PostToolUse', 'PostToolBatch', 'PreToolUse', 'PostToolUse', 'PostToolBatch', 'SubagentStart', 'Stop'];
const TOOLS = ['Bash', 'Read', 'Edit', 'Grep', 'Glob', 'Agent'];

/**
 * Realistic envelopes (hooks/envelope.ts shape), ~590 bytes each; ids unique. Sessions of 400
 * events, named from `sessionPrefix` (machines of the lake bench each have their own).
 */
export function writeSyntheticJournal(file: string, n: number, idPrefix = 'b', sessionPrefix = ''): number {
  const fd = fs.openSync(file, 'w', 0o600);
  let lines: string[] = [];
  const t0 = Date.UTC(2026, 10, 1);
  for (let i = 0; i < n; i++) {
    const session = `${sessionPrefix}${(i / 400) | 0}`.padStart(8, '0') + '-b936-48ee-967d-9fa09cfe2abc';
    const event = EVENTS[i % EVENTS.length];
    const inAgent = i % 7 === 0;
    const env: Record<string, unknown> = {
      v: 1,
      id: `${idPrefix}${t0.toString(36)}-devbox-${(1000 + (i % 50)).toString(36)}-${i.toString(36)}`,
      ts: new Date(t0 + i * 37).toISOString(),
      host: 'devbox',
      event,
      session_id: session,
      agent_id: inAgent ? 'a4035188b4ace6b2a' : null,
      agent_type: inAgent ? 'Explore' : null,
      payload: {
        session_id: session,
        transcript_path: `/home/dev/.claude/projects/-home-dev-project/${session}.jsonl`,
        cwd: '/home/dev/project',
        hook_event_name: event,
        permission_mode: 'default',
        tool_name: TOOLS[i % TOOLS.length],
        tool_use_id: `toolu_01${i.toString(16).padStart(22, '0')}`,
        tool_input: { command: `npm test -- --run shard-${i % 97}`, description: 'Run the tests' },
        duration_ms: (i * 13) % 5000,
      },
    };
    if (i % 50 === 0) env.cut = [{ path: 'tool_response.stdout', length: 123456 }];
    lines.push(JSON.stringify(env));
    if (lines.length === 5000) {
      fs.writeSync(fd, lines.join('\n') + '\n');
      lines = [];
    }
  }
  if (lines.length) fs.writeSync(fd, lines.join('\n') + '\n');
  fs.closeSync(fd);
  return fs.statSync(file).size;
}

export interface Timed {
  wallMs: number;
  /** user + system CPU time of the process (all threads): far less sensitive than wall time to other load on the box. */
  cpuMs: number;
  maxRssMiB: number;
  stdout: string;
}

/** A whole process under /usr/bin/time: wall time and peak RSS. */
export function timed(args: string[], env: NodeJS.ProcessEnv): Timed {
  const r = spawnSync('/usr/bin/time', ['-f', '%e %M %U %S', ...args], { env, encoding: 'utf8', maxBuffer: 1 << 26 });
  if (r.status !== 0) throw new Error(`${args.join(' ')} failed: ${r.stderr}`);
  const last = r.stderr.trim().split('\n').at(-1)!.split(' ').map(Number);
  return { wallMs: last[0] * 1000, maxRssMiB: last[1] / 1024, cpuMs: (last[2] + last[3]) * 1000, stdout: r.stdout };
}

function baselineScript(journal: string, db: string): string {
  return `
    const { DuckDBInstance } = require(${JSON.stringify(duckdbModule)});
    (async () => {
      const inst = await DuckDBInstance.create(${JSON.stringify(db)});
      const conn = await inst.connect();
      await conn.run("CREATE TABLE t AS SELECT * FROM read_json($f, format = 'newline_delimited', maximum_object_size = 1073741824, columns = ${COLUMNS})", { f: ${JSON.stringify(journal)} });
      await conn.run('CHECKPOINT');
      conn.closeSync(); inst.closeSync();
    })();`;
}

const r2 = (x: number) => Math.round(x * 100) / 100;

export async function run(flags: string[]): Promise<void> {
  const num = (name: string, dflt: number) => {
    const f = flags.find((x) => x.startsWith(`--${name}=`));
    return f ? Number(f.split('=')[1]) : dflt;
  };
  const events = num('events', 1_000_000);
  const pairs = num('runs', 3);
  const json = flags.includes('--json');
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'agentdag-bench-ingest-'));
  const log = (s: string) => process.stderr.write(s + '\n');
  try {
    const cliPath = snapshotBuild(work);
    const source = path.join(work, 'source.jsonl');
    const bytes = writeSyntheticJournal(source, events);
    log(`generated ${events} envelopes, ${(bytes / 2 ** 20).toFixed(0)} MiB`);
    const baseEnv = { ...process.env, NODE_EXTRA_CA_CERTS: '' };
    const ingestEnv = (home: string) => ({ ...baseEnv, AGENTDAG_HOME: home, AGENTDAG_INGEST_STEPS: 'journal', AGENTDAG_SEGMENT_GRACE_MS: '0' });

    const base: Timed[] = [];
    const ing: Timed[] = [];
    const ratios: number[] = [];
    const cpuRatios: number[] = [];
    let lastHome = '';
    for (let i = 0; i < pairs; i++) {
      const db = path.join(work, `baseline-${i}.duckdb`);
      const b = timed([process.execPath, '-e', baselineScript(source, db)], baseEnv);
      fs.rmSync(db, { force: true });
      const home = path.join(work, `home-${i}`);
      fs.mkdirSync(home, { mode: 0o700 });
      fs.copyFileSync(source, path.join(home, 'journal.jsonl'));
      const g = timed([process.execPath, cliPath, 'ingest', '--json'], ingestEnv(home));
      const summary = JSON.parse(g.stdout);
      if (summary.events_new !== events) throw new Error(`ingest stored ${summary.events_new} of ${events} events`);
      base.push(b);
      ing.push(g);
      ratios.push(g.wallMs / b.wallMs);
      cpuRatios.push(g.cpuMs / b.cpuMs);
      log(
        `pair ${i + 1}/${pairs}: read_json ${b.wallMs.toFixed(0)} ms (cpu ${b.cpuMs.toFixed(0)}), ingest ${g.wallMs.toFixed(0)} ms (cpu ${g.cpuMs.toFixed(0)}): ` +
          `×${r2(g.wallMs / b.wallMs)} wall, ×${r2(g.cpuMs / b.cpuMs)} cpu; ingest stages ${JSON.stringify(JSON.parse(g.stdout).timings_ms)}`,
      );
      if (lastHome) fs.rmSync(lastHome, { recursive: true, force: true });
      lastHome = home;
    }

    // No-op ingest on the 1M-event warehouse, against a bare node start that opens the warehouse.
    const noop: number[] = [];
    const open: number[] = [];
    const openScript = `const { DuckDBInstance } = require(${JSON.stringify(duckdbModule)}); (async () => { const i = await DuckDBInstance.create(${JSON.stringify(path.join(lastHome, 'warehouse.work.duckdb'))}); const c = await i.connect(); await c.run('SELECT 1'); c.closeSync(); i.closeSync(); })();`;
    for (let i = 0; i < 5; i++) {
      open.push(timed([process.execPath, '-e', openScript], baseEnv).wallMs);
      const r = timed([process.execPath, cliPath, 'ingest', '--json'], ingestEnv(lastHome));
      if (JSON.parse(r.stdout).events_read !== 0) throw new Error('no-op ingest read events');
      noop.push(r.wallMs);
    }
    // Incremental: 1,000 new events on top of the 1M-event warehouse (includes publishing a copy of it).
    const incr: number[] = [];
    for (let i = 0; i < 3; i++) {
      writeSyntheticJournal(path.join(lastHome, 'journal.jsonl'), 1000, `inc${i}-`);
      const r = timed([process.execPath, cliPath, 'ingest', '--json'], ingestEnv(lastHome));
      if (JSON.parse(r.stdout).events_new !== 1000) throw new Error('incremental ingest did not store 1000 events');
      incr.push(r.wallMs);
    }
    const warehouseMiB = fs.statSync(path.join(lastHome, 'warehouse.duckdb')).size / 2 ** 20;
    // The whole pipeline as cron runs it: the first run builds the models over all events, the
    // next ones find nothing new (transcripts, task graph, models' fingerprint, checks, no publish).
    const fullEnv = { ...ingestEnv(lastHome), AGENTDAG_INGEST_STEPS: '' };
    const firstFull = timed([process.execPath, cliPath, 'ingest', '--json'], fullEnv);
    const fullNoop: number[] = [];
    for (let i = 0; i < 3; i++) fullNoop.push(timed([process.execPath, cliPath, 'ingest', '--json'], fullEnv).wallMs);

    const result = {
      events,
      journal_mib: r2(bytes / 2 ** 20),
      pairs,
      read_json_ms: Math.round(median(base.map((b) => b.wallMs))),
      ingest_ms: Math.round(median(ing.map((g) => g.wallMs))),
      ratio_ingest_to_read_json: r2(median(ratios)),
      ratio_min: r2(Math.min(...ratios)),
      ratio_max: r2(Math.max(...ratios)),
      target_ratio: 1.3,
      cpu_ratio_ingest_to_read_json: r2(median(cpuRatios)),
      cpu_ratio_min: r2(Math.min(...cpuRatios)),
      cpu_ratio_max: r2(Math.max(...cpuRatios)),
      load_average_1m: r2(os.loadavg()[0]),
      ingest_rows_per_s: Math.round(events / (median(ing.map((g) => g.wallMs)) / 1000)),
      read_json_rows_per_s: Math.round(events / (median(base.map((b) => b.wallMs)) / 1000)),
      ingest_peak_rss_mib: Math.round(median(ing.map((g) => g.maxRssMiB))),
      read_json_peak_rss_mib: Math.round(median(base.map((b) => b.maxRssMiB))),
      noop_ingest_ms: Math.round(median(noop)),
      open_warehouse_ms: Math.round(median(open)),
      ratio_noop_to_open: r2(median(noop) / median(open)),
      incremental_1k_ms: Math.round(median(incr)),
      warehouse_mib: r2(warehouseMiB),
      full_pipeline_first_run_ms: Math.round(firstFull.wallMs),
      full_pipeline_stages_ms: JSON.parse(firstFull.stdout).timings_ms,
      full_pipeline_noop_ms: Math.round(median(fullNoop)),
    };
    if (json) {
      process.stdout.write(JSON.stringify(result, null, 2) + '\n');
      return;
    }
    const lines = [
      `| figure | value |`,
      `| --- | --- |`,
      `| events / journal size | ${events.toLocaleString('en')} / ${result.journal_mib} MiB |`,
      `| DuckDB read_json → table (baseline), median of ${pairs} | ${result.read_json_ms} ms, ${result.read_json_rows_per_s.toLocaleString('en')} rows/s, peak RSS ${result.read_json_peak_rss_mib} MiB |`,
      `| agentdag ingest (journal stage + publish), median | ${result.ingest_ms} ms, ${result.ingest_rows_per_s.toLocaleString('en')} rows/s, peak RSS ${result.ingest_peak_rss_mib} MiB |`,
      `| **ratio ingest / read_json, wall** (median of pairs) | **×${result.ratio_ingest_to_read_json}** [${result.ratio_min}–${result.ratio_max}] (target ≤ 1.3) |`,
      `| ratio ingest / read_json, CPU time (user+sys) | ×${result.cpu_ratio_ingest_to_read_json} [${result.cpu_ratio_min}–${result.cpu_ratio_max}] |`,
      `| load average when done (2 cores) | ${result.load_average_1m} |`,
      `| no-op ingest (nothing new), median of 5 | ${result.noop_ingest_ms} ms (×${result.ratio_noop_to_open} a node start that opens the warehouse: ${result.open_warehouse_ms} ms) |`,
      `| incremental ingest of 1,000 events on top, median of 3 | ${result.incremental_1k_ms} ms (includes publishing the ${Math.round(warehouseMiB)} MiB warehouse) |`,
      `| whole pipeline, first run on these events (models built) | ${result.full_pipeline_first_run_ms} ms, stages ${JSON.stringify(result.full_pipeline_stages_ms)} |`,
      `| whole pipeline, no-op (what cron pays when nothing happened), median of 3 | ${result.full_pipeline_noop_ms} ms |`,
    ];
    process.stdout.write(lines.join('\n') + '\n');
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}
