// The demo's sample runs: real Claude Code runs (hook payloads + transcripts) in data/samples,
// replayed through the compiled hook exactly as Claude Code fires it (one child process per call,
// payload on stdin) at the pace the run had; the transcripts are then copied on the replay's clock,
// so hook times and transcript times line up in the warehouse as they would for a live session.
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { packageRoot } from '../core/package';
import { DIR_MODE } from '../core/data-dir';

/** The placeholder config dir the fixtures were sanitised to (see data/samples/claude-code/README.md). */
const FIXTURE_CONFIG_DIR = '/home/dev/.claude';

export interface SampleRun {
  version: string;
  scenario: string;
  dir: string;
}

export function sampleRuns(root = path.join(packageRoot(), 'data', 'samples', 'claude-code')): SampleRun[] {
  const runs: SampleRun[] = [];
  for (const version of fs.readdirSync(root).sort()) {
    const vdir = path.join(root, version);
    if (!fs.statSync(vdir).isDirectory()) continue;
    for (const scenario of fs.readdirSync(vdir).sort()) {
      const dir = path.join(vdir, scenario);
      if (fs.existsSync(path.join(dir, 'hooks.jsonl'))) runs.push({ version, scenario, dir });
    }
  }
  return runs;
}

interface Capture {
  captured_at: string;
  payload: { session_id?: string };
}

function captures(run: SampleRun): Capture[] {
  return fs
    .readFileSync(path.join(run.dir, 'hooks.jsonl'), 'utf8')
    .split('\n')
    .filter((line) => line.trim())
    .map((line) => JSON.parse(line) as Capture);
}

/** The Claude Code session id of a sample run. */
export function runSession(run: SampleRun): string {
  return String(captures(run)[0].payload.session_id);
}

export interface StagedCall {
  /** When the call happened in the original run (epoch ms). */
  original: number;
  payload: string;
}

/**
 * A run's hook calls, with the placeholder config dir in the payloads replaced by `claudeDir`, so
 * ingest finds the transcripts the payloads name (copied there by copyTranscripts).
 */
export function stageRun(run: SampleRun, claudeDir: string): StagedCall[] {
  const placeholder = JSON.stringify(FIXTURE_CONFIG_DIR).slice(1, -1);
  const real = JSON.stringify(claudeDir).slice(1, -1);
  return captures(run).map((c) => ({ original: Date.parse(c.captured_at), payload: JSON.stringify(c.payload).split(placeholder).join(real) }));
}

/**
 * original time → the time it happened in the replay: piecewise linear between the hook calls'
 * (original, fired) pairs, shifted before the first and after the last. A loaded machine fires
 * hooks late; mapping the transcripts through the same clock keeps every API call between the
 * hook calls around it, as in the real run.
 */
export function replayClock(pairs: { original: number; fired: number }[]): (t: number) => number {
  return (t) => {
    if (t <= pairs[0].original) return pairs[0].fired + (t - pairs[0].original);
    for (let i = 1; i < pairs.length; i++) {
      const a = pairs[i - 1];
      const b = pairs[i];
      if (t <= b.original) return b.original === a.original ? b.fired : a.fired + ((t - a.original) * (b.fired - a.fired)) / (b.original - a.original);
    }
    const last = pairs[pairs.length - 1];
    return last.fired + (t - last.original);
  };
}

function listFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? listFiles(path.join(dir, e.name)) : [path.join(dir, e.name)]));
}

/** Copy a run's transcripts under `<claudeDir>/projects/`, every line's `timestamp` moved by `clock`. */
function copyTranscripts(run: SampleRun, claudeDir: string, clock: (t: number) => number): void {
  const from = path.join(run.dir, 'transcripts');
  if (!fs.existsSync(from)) return;
  const to = path.join(claudeDir, 'projects');
  for (const file of listFiles(from)) {
    const target = path.join(to, path.relative(from, file));
    fs.mkdirSync(path.dirname(target), { recursive: true, mode: DIR_MODE });
    if (!file.endsWith('.jsonl')) {
      fs.copyFileSync(file, target);
      continue;
    }
    const lines = fs.readFileSync(file, 'utf8').split('\n').filter((l) => l.trim()).map((l) => JSON.parse(l) as { timestamp?: unknown });
    for (const line of lines) if (typeof line.timestamp === 'string') line.timestamp = new Date(Math.round(clock(Date.parse(line.timestamp)))).toISOString();
    fs.writeFileSync(target, lines.map((l) => JSON.stringify(l)).join('\n') + '\n', { mode: 0o600 });
  }
}

/** Run the compiled hook once, as Claude Code does: payload on stdin, CA bundle blanked (see hooks/). */
function runHook(hookPath: string, payload: string, home: string): Promise<number | null> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [hookPath], {
      env: { ...process.env, AGENTDAG_HOME: home, NODE_EXTRA_CA_CERTS: '' },
      stdio: ['pipe', 'ignore', 'inherit'],
    });
    child.on('error', reject);
    child.on('close', resolve);
    child.stdin.end(payload);
  });
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Fire one run's hook calls from now on at the run's own pace (a call waits for the one before it,
 * as Claude Code's do), then copy its transcripts on the same clock; returns how many calls were made.
 */
export async function replayRun(run: SampleRun, claudeDir: string, hookPath: string, home: string): Promise<number> {
  const calls = stageRun(run, claudeDir);
  const offset = Date.now() - calls[0].original;
  const pairs: { original: number; fired: number }[] = [];
  for (const call of calls) {
    await sleep(call.original + offset - Date.now());
    const spawned = Date.now();
    const code = await runHook(hookPath, call.payload, home);
    if (code !== 0) throw new Error(`the hook exited with ${code}: it must always exit 0`);
    // The hook stamps the envelope while it runs: between its spawn and its exit.
    pairs.push({ original: call.original, fired: (spawned + Date.now()) / 2 });
  }
  copyTranscripts(run, claudeDir, replayClock(pairs));
  return calls.length;
}

/** Replay runs with a little concurrency across runs, in order within one run. */
export async function replayAll(runs: SampleRun[], claudeDir: string, hookPath: string, home: string, parallel = 4): Promise<number> {
  let next = 0;
  let calls = 0;
  const worker = async () => {
    while (next < runs.length) calls += await replayRun(runs[next++], claudeDir, hookPath, home);
  };
  await Promise.all(Array.from({ length: Math.min(parallel, runs.length) }, worker));
  return calls;
}
