// `npm run bench -- hook --soak [--seconds=60] [--writers=50]` (issue 6): writers hook processes
// at full speed — each slot starts the installed command again as soon as the previous one exits —
// while `agentdag ingest` runs every 5 s. Afterwards every (writer, sequence) must be in
// raw_hook_events exactly once, and raw_rejects must be empty.
// Reports events/s sustained and the hook's median / p99 wall time under that load.
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { bundleHook } from '../hooks/bundle';
import { hookCommand, hookSpecFromEnv } from '../hooks/hook-command';
import { quantile } from './stats';

const CLI = path.resolve(__dirname, '..', 'cli', 'index.js');

function runHookOnce(command: string, input: string, env: NodeJS.ProcessEnv): Promise<{ ms: number; ok: boolean }> {
  return new Promise((resolve) => {
    const t0 = process.hrtime.bigint();
    const child = spawn('/bin/sh', ['-c', command], { env, stdio: ['pipe', 'ignore', 'ignore'] });
    child.on('close', (code) => resolve({ ms: Number(process.hrtime.bigint() - t0) / 1e6, ok: code === 0 }));
    child.on('error', () => resolve({ ms: NaN, ok: false }));
    child.stdin.on('error', () => {});
    child.stdin.end(input);
  });
}

function ingest(env: NodeJS.ProcessEnv): { ok: boolean; ms: number; err: string } {
  const t0 = Date.now();
  const r = spawnSync(process.execPath, [CLI, 'ingest', '--quiet', '--keep-segments'], { env, encoding: 'utf8' });
  return { ok: r.status === 0, ms: Date.now() - t0, err: (r.stderr || '').slice(0, 300) };
}

function sql(env: NodeJS.ProcessEnv, query: string): Record<string, unknown>[] {
  const r = spawnSync(process.execPath, [CLI, 'sql', '--json', query], { env, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`agentdag sql failed: ${r.stderr}`);
  return JSON.parse(r.stdout);
}

export async function runSoak(flags: string[]): Promise<void> {
  const num = (name: string, dflt: number) => Number(flags.find((f) => f.startsWith(`--${name}=`))?.split('=')[1] ?? dflt);
  const seconds = num('seconds', 60);
  const writers = num('writers', 50);
  bundleHook(path.resolve(__dirname, '..'));
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'agentdag-soak-'));
  const data = path.join(tmp, 'data');
  const env: NodeJS.ProcessEnv = { ...process.env, AGENTDAG_HOME: data };
  const command = hookCommand({ ...hookSpecFromEnv(), agentdagHome: data });
  const times: number[] = [];
  let launched = 0;
  let failed = 0;
  const perWriter = new Array(writers).fill(0);
  const ingests: { ok: boolean; ms: number; err: string }[] = [];
  const deadline = Date.now() + seconds * 1000;
  const t0 = Date.now();
  try {
    const writer = async (w: number) => {
      while (Date.now() < deadline) {
        const seq = perWriter[w]++;
        launched++;
        // Sizes vary like real calls: mostly small, every 20th a 200 KB stdout (capped by the hook).
        const stdout = seq % 20 === 0 ? 'o'.repeat(200_000) : `line ${seq}\n`.repeat(20);
        const payload = JSON.stringify({ session_id: `soak-${w}`, hook_event_name: 'PostToolUse', tool_name: 'Bash', tool_use_id: `toolu_soak_${w}_${seq}`, tool_input: { command: 'make' }, tool_response: { stdout, stderr: '' } });
        const r = await runHookOnce(command, payload, env);
        if (!r.ok) failed++;
        times.push(r.ms);
      }
    };
    const ingestLoop = async () => {
      while (Date.now() < deadline) {
        await new Promise((r) => setTimeout(r, 5000));
        // spawnSync would stall the writers' event loop: run ingest in its own process asynchronously.
        await new Promise<void>((resolve) => {
          const s = Date.now();
          const child = spawn(process.execPath, [CLI, 'ingest', '--quiet', '--keep-segments'], { env, stdio: ['ignore', 'ignore', 'pipe'] });
          let err = '';
          child.stderr.on('data', (c) => (err += c));
          child.on('close', (code) => {
            ingests.push({ ok: code === 0, ms: Date.now() - s, err: err.slice(0, 300) });
            resolve();
          });
        });
      }
    };
    await Promise.all([...Array.from({ length: writers }, (_, w) => writer(w)), ingestLoop()]);
    const wallS = (Date.now() - t0) / 1000;
    // Drain: ingest until the journal and every segment are consumed (rotated segments wait a grace period).
    for (let i = 0; i < 10; i++) {
      ingests.push(ingest(env));
      const left = fs.existsSync(path.join(data, 'journal.jsonl')) || (fs.existsSync(path.join(data, 'journal')) && fs.readdirSync(path.join(data, 'journal')).some((n) => n.endsWith('.jsonl')));
      if (!left) break;
      await new Promise((r) => setTimeout(r, 2500));
    }
    if (!ingests.some((i) => i.ok)) throw new Error(`every ingest run failed: ${ingests.map((i) => i.err).join(' | ')}`);
    const [counts] = sql(env, "SELECT count(*) AS n, count(DISTINCT event_id) AS ids, count(DISTINCT json_extract_string(payload, '$.tool_use_id')) AS calls FROM raw_hook_events WHERE event = 'PostToolUse'");
    const [rejects] = sql(env, 'SELECT count(*) AS n FROM raw_rejects');
    const stored = Number(counts.n);
    // Which calls are missing, and where: never written by the hook, or written but not loaded?
    // Ingest ran with --keep-segments, so every journal line ever written is still on disk.
    const storedIds = new Set(sql(env, "SELECT DISTINCT json_extract_string(payload, '$.tool_use_id') AS t FROM raw_hook_events").map((r) => String(r.t)));
    const onDisk = new Set<string>();
    const files: string[] = [];
    const walk = (d: string) => {
      if (!fs.existsSync(d)) return;
      for (const e of fs.readdirSync(d, { withFileTypes: true })) {
        if (e.isDirectory()) walk(path.join(d, e.name));
        else if (e.name.endsWith('.jsonl') && e.name !== 'hook-errors.log') files.push(path.join(d, e.name));
      }
    };
    walk(data);
    for (const f of files)
      for (const m of fs.readFileSync(f, 'utf8').matchAll(/"tool_use_id":"(toolu_soak_\d+_\d+)"/g)) onDisk.add(m[1]);
    const missing: string[] = [];
    perWriter.forEach((n, w) => {
      for (let seq = 0; seq < n; seq++) if (!storedIds.has(`toolu_soak_${w}_${seq}`)) missing.push(`toolu_soak_${w}_${seq}`);
    });
    const errorsLog = path.join(data, 'hook-errors.log');
    const distinctCalls = Number(counts.calls);
    const result = {
      seconds: Math.round(wallS),
      writers,
      hook_calls: launched,
      hook_failures: failed,
      stored_rows: stored,
      distinct_calls_stored: distinctCalls,
      lost: launched - distinctCalls,
      duplicated: stored - distinctCalls,
      rejects: Number(rejects.n),
      events_per_s: Math.round(launched / wallS),
      hook_median_ms: Math.round(quantile(times, 0.5) * 10) / 10,
      hook_p99_ms: Math.round(quantile(times, 0.99) * 10) / 10,
      ingest_runs: ingests.length,
      ingest_failures: ingests.filter((i) => !i.ok).map((i) => i.err),
      ingest_median_ms: quantile(ingests.map((i) => i.ms), 0.5),
      missing_never_written: missing.filter((t) => !onDisk.has(t)),
      missing_written_not_loaded: missing.filter((t) => onDisk.has(t)),
      hook_errors: fs.existsSync(errorsLog) ? fs.readFileSync(errorsLog, 'utf8').split('\n').filter(Boolean).slice(0, 5) : [],
    };
    process.stdout.write(JSON.stringify(result, null, 2) + '\n');
    if (result.lost !== 0 || result.duplicated !== 0 || result.rejects !== 0 || failed !== 0) process.exitCode = 1;
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}
