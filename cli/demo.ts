// `agentdag demo`: the README's main job, on the bundled sample data, with no Claude Code needed.
//
// It replays the hook payloads of 22 real Claude Code runs (data/samples/claude-code: two CLI
// versions × eleven scenarios) through the compiled hook exactly as Claude Code would (one child
// process per hook call, payload on stdin), runs `agentdag ingest` over the journal and the runs'
// transcripts, and prints the main reports. Everything happens in a fresh data dir, so a user's own
// data is never touched.
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Command } from 'commander';
import { packageRoot } from '../core/package';
import { compiledHookPath } from '../hooks/hook-command';
import { DIR_MODE, ensureDataDir } from '../core/data-dir';
import { UserError } from '../core/errors';

/** The placeholder config dir the fixtures were sanitised to (see data/samples/claude-code/README.md). */
const FIXTURE_CONFIG_DIR = '/home/dev/.claude';

/** The reports the demo prints, in order: what a first-time user should see. */
export const DEMO_REPORTS = ['sessions', 'tool-success', 'routing-success', 'cost-by-model-day'];

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

/**
 * Copy a run's transcripts under `<claudeDir>/projects/`, their timestamps moved so the run starts
 * at `startsAt` (the moment its hooks are replayed: hook envelopes carry the time they were received,
 * so without the shift a session would seem to span from the fixture's day to today), and return its
 * hook payloads with the placeholder config dir rewritten to `claudeDir`, so ingest finds the
 * transcripts the payloads name.
 */
export function stageRun(run: SampleRun, claudeDir: string, startsAt = Date.now()): string[] {
  const transcripts = path.join(run.dir, 'transcripts');
  if (fs.existsSync(transcripts)) copyShifted(transcripts, path.join(claudeDir, 'projects'), startsAt);
  const placeholder = JSON.stringify(FIXTURE_CONFIG_DIR).slice(1, -1);
  const real = JSON.stringify(claudeDir).slice(1, -1);
  return fs
    .readFileSync(path.join(run.dir, 'hooks.jsonl'), 'utf8')
    .split('\n')
    .filter((line) => line.trim())
    .map((line) => JSON.stringify(JSON.parse(line).payload).split(placeholder).join(real));
}

function listFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? listFiles(path.join(dir, e.name)) : [path.join(dir, e.name)]));
}

/** Copy a transcripts tree, moving every line's `timestamp` by one offset so the earliest is `startsAt`. */
function copyShifted(from: string, to: string, startsAt: number): void {
  const files = listFiles(from);
  const parsed = new Map<string, unknown[]>();
  let earliest = Infinity;
  for (const file of files.filter((f) => f.endsWith('.jsonl'))) {
    const lines = fs.readFileSync(file, 'utf8').split('\n').filter((l) => l.trim()).map((l) => JSON.parse(l));
    for (const line of lines) if (typeof line.timestamp === 'string') earliest = Math.min(earliest, Date.parse(line.timestamp));
    parsed.set(file, lines);
  }
  const offset = Number.isFinite(earliest) ? startsAt - earliest : 0;
  for (const file of files) {
    const target = path.join(to, path.relative(from, file));
    fs.mkdirSync(path.dirname(target), { recursive: true, mode: DIR_MODE });
    const lines = parsed.get(file) as { timestamp?: unknown }[] | undefined;
    if (!lines) {
      fs.copyFileSync(file, target);
      continue;
    }
    for (const line of lines) if (typeof line.timestamp === 'string') line.timestamp = new Date(Date.parse(line.timestamp) + offset).toISOString();
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

function runCli(args: string[], home: string, capture = false): Promise<{ code: number | null; stdout: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(__dirname, 'index.js'), ...args], {
      env: { ...process.env, AGENTDAG_HOME: home },
      stdio: ['ignore', capture ? 'pipe' : 'inherit', 'inherit'],
    });
    let stdout = '';
    child.stdout?.on('data', (d) => (stdout += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout }));
  });
}

/**
 * Replay runs with a little concurrency across runs, in order within one run (as Claude Code fires
 * them). Each run is staged just before its hooks fire, so its transcript times match the hook times.
 */
async function replay(runs: SampleRun[], claudeDir: string, hookPath: string, home: string, parallel = 4): Promise<number> {
  let next = 0;
  let calls = 0;
  const worker = async () => {
    while (next < runs.length) {
      const run = runs[next++];
      for (const payload of stageRun(run, claudeDir)) {
        const code = await runHook(hookPath, payload, home);
        if (code !== 0) throw new Error(`the hook exited with ${code}: it must always exit 0`);
        calls++;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(parallel, runs.length) }, worker));
  return calls;
}

export function registerDemoCommand(program: Command): void {
  program
    .command('demo')
    .description('run the whole pipeline on bundled sample data from 22 real Claude Code runs (no Claude Code needed)')
    .option('--home <dir>', 'data dir to use (must be new or empty); default: a fresh temp dir')
    .option('--json', 'print a JSON summary instead of the reports')
    .addHelpText(
      'after',
      `
What it does:
  1. replays 430 real hook payloads through the compiled hook (one process each, as Claude Code does)
  2. runs \`agentdag ingest\` on the journal and the runs' transcripts
  3. prints the main reports

Example:
  agentdag demo
  agentdag demo --home /tmp/agentdag-demo && AGENTDAG_HOME=/tmp/agentdag-demo agentdag report --list`,
    )
    .action(async (opts: { home?: string; json?: boolean }) => {
      const started = Date.now();
      const home = opts.home ? path.resolve(opts.home) : fs.mkdtempSync(path.join(os.tmpdir(), 'agentdag-demo-'));
      if (fs.existsSync(home) && fs.readdirSync(home).length > 0) {
        throw new UserError(`${home} is not empty: the demo only writes into a new or empty data dir`, 'pass another --home, or omit it to use a fresh temp dir', 2);
      }
      ensureDataDir(home);
      // The entry `agentdag hooks install` registers (the bundled hook), else the plain compiled one.
      const hookPath = compiledHookPath();
      if (!fs.existsSync(hookPath)) throw new UserError(`the compiled hook is missing in ${path.dirname(hookPath)}`, 'run `npm run build` first');

      const claudeDir = path.join(home, 'sample-claude-config');
      fs.mkdirSync(claudeDir, { recursive: true, mode: DIR_MODE });
      const runs = sampleRuns();
      const say = (s: string) => !opts.json && process.stderr.write(s + '\n');

      say(`agentdag demo: data dir ${home}`);
      say(`1/3 replaying the hook calls of ${runs.length} real Claude Code runs through the hook, one process per call…`);
      const hookCalls = await replay(runs, claudeDir, hookPath, home);

      say('2/3 agentdag ingest');
      const ingest = await runCli(['ingest', ...(opts.json ? ['--json'] : [])], home, opts.json);
      if (ingest.code !== 0) throw new UserError(`agentdag ingest failed (exit ${ingest.code}) on the sample data`, 'see the message above; this is a bug worth reporting');

      if (opts.json) {
        process.stdout.write(JSON.stringify({ home, runs: runs.length, hook_calls: hookCalls, ingest: JSON.parse(ingest.stdout), elapsed_ms: Date.now() - started }, null, 2) + '\n');
        return;
      }
      say('3/3 reports');
      for (const report of DEMO_REPORTS) {
        process.stdout.write(`\n## agentdag report ${report}\n`);
        const r = await runCli(['report', report], home);
        if (r.code !== 0) throw new UserError(`agentdag report ${report} failed (exit ${r.code})`, 'see the message above');
      }
      say(`\ndone in ${((Date.now() - started) / 1000).toFixed(1)} s. Explore the sample warehouse:`);
      say(`  export AGENTDAG_HOME=${home}`);
      say('  agentdag report --list');
      say(`  agentdag sql "select tool_name, status, count(*) from fact_execution_step group by all order by 3 desc"`);
    });
}
