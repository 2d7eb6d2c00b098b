// `agentdag demo`: the README's main job, on the bundled sample data, with no Claude Code needed.
//
// It replays the hook payloads of 22 real Claude Code runs (data/samples/claude-code: two CLI
// versions × eleven scenarios) through the compiled hook exactly as Claude Code would (one child
// process per hook call, payload on stdin, at the run's own pace), while seven agents work a small
// release plan on the task graph, each holding its task during one of those runs (demo-plan.ts).
// Then it runs `agentdag ingest` over the journal, the runs' transcripts and the task graph, and
// prints the main reports. Everything happens in a fresh data dir: a user's own data is never touched.
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Command } from 'commander';
import { DIR_MODE, ensureDataDir } from '../core/data-dir';
import { UserError } from '../core/errors';
import { compiledHookPath, shellQuote } from '../hooks/hook-command';
import { replayAll, runSession, sampleRuns } from './demo-replay';
import { DEMO_PLAN, DEMO_PROJECT, planRuns, runPlan } from './demo-plan';

export { sampleRuns, stageRun, type SampleRun } from './demo-replay';

/** The reports the demo prints, in order: what a first-time user should see. */
export const DEMO_REPORTS = ['sessions', 'tool-success', 'routing-success', 'cost-by-model-day', 'wave-progress'];

/** The session the closing hint shows as a trace: three subagents launched in parallel. */
const TRACE_SCENARIO = 'c-parallel-subagents';

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
 * How to call this CLI from where the user stands: `agentdag` when that is on PATH and is this CLI
 * (after `npm link`), else `node <path>` (after the quick start, from the checkout:
 * `node dist/cli/index.js`), so every line of the closing hint runs as printed.
 */
export function selfInvocation(env: NodeJS.ProcessEnv = process.env, cwd = env.INIT_CWD || process.cwd()): string {
  const cli = fs.realpathSync(path.join(__dirname, 'index.js'));
  for (const dir of (env.PATH ?? '').split(path.delimiter).filter(Boolean)) {
    try {
      if (fs.realpathSync(path.join(dir, 'agentdag')) === cli) return 'agentdag';
    } catch {
      // not there
    }
  }
  const rel = path.relative(cwd, cli);
  return `node ${shellQuote(rel.startsWith('..') || path.isAbsolute(rel) ? cli : rel)}`;
}

export function closingHint(home: string, self: string, traceSession: string): string[] {
  const lines = [
    `  export AGENTDAG_HOME=${shellQuote(home)}`,
    `  ${self} report --list`,
    `  ${self} report session-trace --session ${traceSession}`,
    `  ${self} task status --project ${DEMO_PROJECT}`,
    `  ${self} serve                # the dashboard: http://127.0.0.1:7777`,
  ];
  if (self !== 'agentdag') lines.push('(`npm link` puts agentdag on your PATH; then `agentdag …` works from anywhere)');
  return lines;
}

export function registerDemoCommand(program: Command): void {
  program
    .command('demo')
    .description('run the whole pipeline on bundled sample data from 22 real Claude Code runs and a 7-agent task plan (no Claude Code needed)')
    .option('--home <dir>', 'data dir to use (must be new or empty); default: a fresh temp dir')
    .option('--json', 'print a JSON summary instead of the reports')
    .addHelpText(
      'after',
      `
What it does:
  1. replays 430 real hook payloads through the compiled hook (one process each, at the runs' pace),
     while 7 agents work a 3-wave release plan on the task graph (one task fails, two get handoffs)
  2. runs \`agentdag ingest\` on the journal, the runs' transcripts and the task graph
  3. prints the main reports, and how to explore the rest (dashboard, session trace)

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
      const planned = planRuns(runs);
      const inPlan = new Set(DEMO_PLAN.map((t) => planned.get(t.scenario)));
      const say = (s: string) => !opts.json && process.stderr.write(s + '\n');

      say(`agentdag demo: data dir ${home}`);
      say(`1/3 replaying the hook calls of ${runs.length} real Claude Code runs through the hook, one process per call, while ${DEMO_PLAN.length} agents work the "${DEMO_PROJECT}" plan on the task graph…`);
      const [plan, otherCalls] = await Promise.all([
        runPlan(planned, claudeDir, hookPath, home),
        replayAll(runs.filter((r) => !inPlan.has(r)), claudeDir, hookPath, home, 3),
      ]);
      for (const t of [...plan.tasks].sort((a, b) => a.wave - b.wave)) {
        say(`    wave ${t.wave}  ${t.agent.padEnd(9)} ${t.status === 'failed' ? '✗ failed' : '✓ done  '}  ${t.title}${t.handoff_from.length ? `  (handoff from: ${t.handoff_from.join(', ')})` : ''}`);
      }

      say('2/3 agentdag ingest');
      const ingest = await runCli(['ingest', ...(opts.json ? ['--json'] : [])], home, opts.json);
      if (ingest.code !== 0) throw new UserError(`agentdag ingest failed (exit ${ingest.code}) on the sample data`, 'see the message above; this is a bug worth reporting');

      const traceSession = runSession(planned.get(TRACE_SCENARIO)!);
      if (opts.json) {
        const summary = { home, runs: runs.length, hook_calls: plan.hook_calls + otherCalls, plan, trace_session: traceSession, ingest: JSON.parse(ingest.stdout), elapsed_ms: Date.now() - started };
        process.stdout.write(JSON.stringify(summary, null, 2) + '\n');
        return;
      }
      say('3/3 reports');
      for (const report of DEMO_REPORTS) {
        process.stdout.write(`\n## agentdag report ${report}\n`);
        const r = await runCli(['report', report], home);
        if (r.code !== 0) throw new UserError(`agentdag report ${report} failed (exit ${r.code})`, 'see the message above');
      }
      say(`\ndone in ${((Date.now() - started) / 1000).toFixed(1)} s. Explore the sample warehouse and task graph:`);
      for (const line of closingHint(home, selfInvocation(), traceSession)) say(line);
    });
}
