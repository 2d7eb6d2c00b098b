// `npm run bench -- ingest`: `agentdag ingest` against baselines measured in the same run, whole
// processes timed by /usr/bin/time, interleaved A B A B …; each ratio is the median of per-pair ratios.
//
//   first ingest   the whole `agentdag ingest` (all stages: journal, transcripts, task graph, model
//                  build, checks, publish) of N synthetic envelopes (default 200,000, ~120 MiB),
//                  against a fresh process doing DuckDB's read_json of the same file into a table
//                  (explicit columns) + CHECKPOINT.                                  target ≤ 1.3
//   incremental    1,000 new events on top of N of history, against the same on top of N/10, and
//                  against a no-op ingest (nothing new) on the N.        targets ≤ 1.5 and ≤ 3
//   transcripts    the first import of ../shared/real-corpus (transcripts only, `--transcripts`),
//                  against ccusage 18.0.11 `daily --offline` on the same files.    target ≤ 1.0
// Flags: --events=N, --runs=N (pairs, default 3), --json. NODE_EXTRA_CA_CERTS is blanked for both
// sides (it makes every Node start ~3× slower here; see the README).
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
 * Realistic envelopes (hooks/envelope.ts shape), ~600 bytes each; ids unique per prefix. Sessions
 * of 400 events, numbered from `firstSession` and named from `sessionPrefix` (machines of the lake
 * bench each have their own).
 */
export function writeSyntheticJournal(file: string, n: number, idPrefix = 'b', sessionPrefix: string | number = ''): number {
  const firstSession = typeof sessionPrefix === 'number' ? sessionPrefix : 0;
  const prefix = typeof sessionPrefix === 'string' ? sessionPrefix : '';
  const fd = fs.openSync(file, 'w', 0o600);
  let lines: string[] = [];
  const t0 = Date.UTC(2026, 10, 1);
  for (let i = 0; i < n; i++) {
    const session = `${prefix}${firstSession + ((i / 400) | 0)}`.padStart(8, '0') + '-b936-48ee-967d-9fa09cfe2abc';
    const event = EVENTS[i % EVENTS.length];
    const inAgent = i % 7 === 0;
    const env: Record<string, unknown> = {
      v: 1,
      id: `${idPrefix}${t0.toString(36)}-devbox-${(1000 + (i % 50)).toString(36)}-${i.toString(36)}`,
      ts: new Date(t0 + (firstSession * 400 + i) * 37).toISOString(),
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
        tool_use_id: `toolu_01${idPrefix}${i.toString(16).padStart(20, '0')}`,
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

/** A whole process under /usr/bin/time: wall time, CPU time and peak RSS. */
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
    return f ? Number(f.split('=')[1].replace(/_/g, '')) : dflt;
  };
  const events = num('events', 200_000);
  const pairs = num('runs', 3);
  const json = flags.includes('--json');
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'agentdag-bench-ingest-'));
  const log = (s: string) => process.stderr.write(s + '\n');
  try {
    const cliPath = snapshotBuild(work);
    const baseEnv = { ...process.env, NODE_EXTRA_CA_CERTS: '' };
    const ingestEnv = (home: string) => ({ ...baseEnv, AGENTDAG_HOME: home, AGENTDAG_SEGMENT_GRACE_MS: '0', CLAUDE_CONFIG_DIR: path.join(home, 'claude') });
    const ingestOnce = (home: string, args: string[] = []) => timed([process.execPath, cliPath, 'ingest', '--json', ...args], ingestEnv(home));
    const freshHome = (name: string) => {
      const home = path.join(work, name);
      fs.rmSync(home, { recursive: true, force: true });
      fs.mkdirSync(home, { mode: 0o700 });
      return home;
    };

    // 1. First ingest, all stages, against read_json into a table.
    const source = path.join(work, 'source.jsonl');
    const bytes = writeSyntheticJournal(source, events);
    log(`generated ${events} envelopes, ${(bytes / 2 ** 20).toFixed(0)} MiB`);
    const first = { base: [] as Timed[], ing: [] as Timed[], ratios: [] as number[], stages: [] as Record<string, number>[] };
    for (let i = 0; i < pairs; i++) {
      const db = path.join(work, `baseline-${i}.duckdb`);
      const b = timed([process.execPath, '-e', baselineScript(source, db)], baseEnv);
      fs.rmSync(db, { force: true });
      const home = freshHome('first');
      fs.copyFileSync(source, path.join(home, 'journal.jsonl'));
      const g = ingestOnce(home);
      const summary = JSON.parse(g.stdout);
      if (summary.events_new !== events) throw new Error(`ingest stored ${summary.events_new} of ${events} events`);
      first.base.push(b);
      first.ing.push(g);
      first.ratios.push(g.wallMs / b.wallMs);
      first.stages.push(summary.timings_ms);
      log(`first ingest ${i + 1}/${pairs}: read_json ${b.wallMs.toFixed(0)} ms, ingest ${g.wallMs.toFixed(0)} ms: ×${r2(g.wallMs / b.wallMs)}; stages ${JSON.stringify(summary.timings_ms)}`);
    }

    // 2. Incremental: 1,000 new events on N and on N/10 of history, and a no-op on N.
    const small = Math.round(events / 10);
    const histories: Record<'small' | 'large', string> = { small: freshHome('hist-small'), large: freshHome('hist-large') };
    writeSyntheticJournal(path.join(histories.small, 'journal.jsonl'), small, 'h');
    fs.copyFileSync(source, path.join(histories.large, 'journal.jsonl'));
    for (const h of Object.values(histories)) ingestOnce(h);
    const inc = { small: [] as number[], large: [] as number[], noop: [] as number[], ratioSmall: [] as number[], ratioNoop: [] as number[], stages: [] as Record<string, number>[] };
    for (let i = 0; i < Math.max(pairs, 5); i++) {
      const run1k = (home: string, sessionsBefore: number) => {
        // 1,000 events: the last 200 continue the newest session (late events), the rest start new ones
        writeSyntheticJournal(path.join(home, 'journal.jsonl'), 1000, `inc${i}-`, sessionsBefore - 1 + i * 3);
        const r = ingestOnce(home);
        const s = JSON.parse(r.stdout);
        if (s.events_new !== 1000 || s.models?.mode !== 'incremental') throw new Error(`incremental ingest: ${r.stdout}`);
        return { ms: r.wallMs, stages: s.timings_ms };
      };
      const a = run1k(histories.small, Math.ceil(small / 400));
      const b = run1k(histories.large, Math.ceil(events / 400));
      const n = ingestOnce(histories.large);
      if (JSON.parse(n.stdout).published !== null) throw new Error('no-op ingest published');
      inc.small.push(a.ms);
      inc.large.push(b.ms);
      inc.noop.push(n.wallMs);
      inc.ratioSmall.push(b.ms / a.ms);
      inc.ratioNoop.push(b.ms / n.wallMs);
      inc.stages.push(b.stages);
      log(`incremental ${i + 1}: on ${small}: ${a.ms.toFixed(0)} ms, on ${events}: ${b.ms.toFixed(0)} ms (${JSON.stringify(b.stages)}), no-op ${n.wallMs.toFixed(0)} ms`);
    }

    // 3. The real corpus: first import of its transcripts against ccusage daily --offline.
    const corpus = path.resolve(root, '..', 'shared', 'real-corpus');
    const claude = path.join(work, 'corpus-claude');
    fs.mkdirSync(path.join(claude, 'projects'), { recursive: true });
    for (const src of fs.readdirSync(corpus).filter((d) => fs.existsSync(path.join(corpus, d, 'projects')))) {
      fs.cpSync(path.join(corpus, src, 'projects'), path.join(claude, 'projects'), { recursive: true });
    }
    const ccusageBin = path.join(root, 'node_modules', '.bin', 'ccusage');
    const tr = { cc: [] as number[], ing: [] as number[], ratios: [] as number[], stages: [] as Record<string, number>[] };
    for (let i = 0; i < Math.max(pairs, 5); i++) {
      const c = timed([ccusageBin, 'daily', '--offline', '--json'], { ...baseEnv, CLAUDE_CONFIG_DIR: claude });
      const home = freshHome('corpus');
      const g = ingestOnce(home, ['--transcripts', path.join(claude, 'projects')]);
      tr.cc.push(c.wallMs);
      tr.ing.push(g.wallMs);
      tr.ratios.push(g.wallMs / c.wallMs);
      tr.stages.push(JSON.parse(g.stdout).timings_ms);
      log(`real corpus ${i + 1}: ccusage ${c.wallMs.toFixed(0)} ms, agentdag ${g.wallMs.toFixed(0)} ms: ×${r2(g.wallMs / c.wallMs)}; stages ${JSON.stringify(tr.stages.at(-1))}`);
    }

    const med = (xs: number[]) => Math.round(median(xs));
    const stageMedians = (all: Record<string, number>[]) => Object.fromEntries(Object.keys(all[0]).map((k) => [k, med(all.map((s) => s[k] ?? 0))]));
    const result = {
      events,
      journal_mib: r2(bytes / 2 ** 20),
      pairs,
      load_average_1m: r2(os.loadavg()[0]),
      first_ingest: {
        read_json_ms: med(first.base.map((b) => b.wallMs)),
        ingest_ms: med(first.ing.map((g) => g.wallMs)),
        ratio: r2(median(first.ratios)),
        ratio_range: [r2(Math.min(...first.ratios)), r2(Math.max(...first.ratios))],
        target: 1.3,
        ingest_peak_rss_mib: med(first.ing.map((g) => g.maxRssMiB)),
        stages_ms: stageMedians(first.stages),
      },
      incremental_1k: {
        history_small: small,
        on_small_ms: med(inc.small),
        on_large_ms: med(inc.large),
        noop_large_ms: med(inc.noop),
        ratio_to_small: r2(median(inc.ratioSmall)),
        target_to_small: 1.5,
        ratio_to_noop: r2(median(inc.ratioNoop)),
        target_to_noop: 3,
        stages_ms: stageMedians(inc.stages),
      },
      real_corpus: {
        ccusage_ms: med(tr.cc),
        ingest_ms: med(tr.ing),
        ratio: r2(median(tr.ratios)),
        ratio_range: [r2(Math.min(...tr.ratios)), r2(Math.max(...tr.ratios))],
        target: 1.0,
        stages_ms: stageMedians(tr.stages),
      },
    };
    if (json) {
      process.stdout.write(JSON.stringify(result, null, 2) + '\n');
      return;
    }
    const f = result.first_ingest;
    const n = result.incremental_1k;
    const c = result.real_corpus;
    const lines = [
      `| what (load average ${result.load_average_1m} when done, 2 cores) | measured | baseline in the same run | ratio | target |`,
      `| --- | --- | --- | --- | --- |`,
      `| first \`agentdag ingest\` (all stages) of ${events.toLocaleString('en')} journal lines (${result.journal_mib} MiB), median of ${pairs} pairs | ${f.ingest_ms} ms, peak RSS ${f.ingest_peak_rss_mib} MiB | DuckDB read_json → table: ${f.read_json_ms} ms | **×${f.ratio}** [${f.ratio_range.join('–')}] | ≤ 1.3 |`,
      `| 1,000 new events on ${events.toLocaleString('en')} of history | ${n.on_large_ms} ms | the same on ${small.toLocaleString('en')}: ${n.on_small_ms} ms | **×${n.ratio_to_small}** | ≤ 1.5 |`,
      `| 1,000 new events on ${events.toLocaleString('en')} of history | ${n.on_large_ms} ms | a no-op ingest on it: ${n.noop_large_ms} ms | **×${n.ratio_to_noop}** | ≤ 3 |`,
      `| first import of ../shared/real-corpus (transcripts only) | ${c.ingest_ms} ms | ccusage 18.0.11 daily --offline: ${c.ccusage_ms} ms | **×${c.ratio}** [${c.ratio_range.join('–')}] | ≤ 1.0 |`,
      '',
      `stages (median ms): first ingest ${JSON.stringify(f.stages_ms)}; incremental ${JSON.stringify(n.stages_ms)}; real corpus ${JSON.stringify(c.stages_ms)}`,
    ];
    process.stdout.write(lines.join('\n') + '\n');
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}
