// The demo's task-graph plan: a small multi-agent release run on the live task graph, so the
// dashboard's wave timeline, DAG executions, cost per task and events panels have data. Seven
// agents work in three waves; each holds its task while one of the sample Claude Code runs is
// replayed as its session (AGENTDAG_SESSION_ID), so the warehouse measures what each task cost.
// One task fails; two get their upstream's results as handoff. Agents act through `agentdag task`
// as child processes, exactly as an agent in Claude Code would.
import { spawn } from 'node:child_process';
import * as path from 'node:path';
import { replayRun, runSession, type SampleRun } from './demo-replay';

export const DEMO_PROJECT = 'release-1.2';

interface PlannedTask {
  title: string;
  agent: string;
  /** The sample run (2.1.330 scenario) replayed as this agent's session. */
  scenario: string;
  wave: number;
  priority: number;
  after?: string[];
  feedsFrom?: string[];
  /** The result handed to downstream tasks, or the error it fails with. */
  result?: unknown;
  fails?: string;
}

export const DEMO_PLAN: PlannedTask[] = [
  { wave: 1, priority: 3, title: 'Survey the codebase', agent: 'explorer', scenario: 'a-basic-tools', result: { files: ['src/index.js', 'package.json'], language: 'JavaScript' } },
  { wave: 1, priority: 2, title: 'Plan the version bump', agent: 'planner', scenario: 'c-parallel-subagents', result: { bump: 'minor', version: '1.2.0' } },
  { wave: 1, priority: 1, title: 'Read the README', agent: 'reader', scenario: 'b-one-subagent', result: { summary: 'a demo project that says hello' } },
  { wave: 2, priority: 2, title: 'Implement the change', agent: 'builder', scenario: 'd-two-models', feedsFrom: ['Survey the codebase', 'Plan the version bump'], result: { changed: ['package.json', 'CHANGELOG.md'] } },
  { wave: 2, priority: 1, title: 'Run the failure drills', agent: 'tester', scenario: 'e-tool-failures', after: ['Survey the codebase'], fails: '4 of 6 tool calls failed: denied by a rule, not granted, blocked by a hook, timed out' },
  { wave: 3, priority: 2, title: 'Write the release notes', agent: 'writer', scenario: 'f-task-tools', feedsFrom: ['Implement the change', 'Read the README'], result: { notes: 'CHANGELOG.md' } },
  { wave: 3, priority: 1, title: 'Review the release', agent: 'reviewer', scenario: 'h-background-agent', after: ['Implement the change'], result: { approved: true } },
];

export interface PlanOutcome {
  project: string;
  tasks: { id: string; title: string; wave: number; agent: string; session: string; status: 'done' | 'failed'; handoff_from: string[] }[];
  hook_calls: number;
}

function task(args: string[], env: NodeJS.ProcessEnv): Promise<any> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(__dirname, 'index.js'), 'task', ...args, '--json'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (err += d));
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve(JSON.parse(out)) : reject(new Error(`agentdag task ${args.join(' ')} exited ${code}: ${err.trim()}`))));
  });
}

/** The runs the plan replays (by scenario, newest Claude Code version); the rest replay alongside. */
export function planRuns(runs: SampleRun[]): Map<string, SampleRun> {
  const byScenario = new Map<string, SampleRun>();
  for (const r of runs) if (r.version === '2.1.330') byScenario.set(r.scenario, r);
  return byScenario;
}

/** Create the plan, then work it wave by wave: in each wave every agent claims, its session runs, it finishes. */
export async function runPlan(runs: Map<string, SampleRun>, claudeDir: string, hookPath: string, home: string): Promise<PlanOutcome> {
  const base: NodeJS.ProcessEnv = { ...process.env, AGENTDAG_HOME: home, AGENTDAG_PROJECT: DEMO_PROJECT };
  delete base.AGENTDAG_SESSION_ID;
  const ids = new Map<string, string>();
  for (const t of DEMO_PLAN) {
    const args = ['add', t.title, '--priority', String(t.priority)];
    if (t.after) args.push('--after', t.after.map((x) => ids.get(x)!).join(','));
    if (t.feedsFrom) args.push('--feeds-from', t.feedsFrom.map((x) => ids.get(x)!).join(','));
    ids.set(t.title, (await task(args, base)).id);
  }
  const outcome: PlanOutcome = { project: DEMO_PROJECT, tasks: [], hook_calls: 0 };
  for (const wave of [1, 2, 3]) {
    const tasks = DEMO_PLAN.filter((t) => t.wave === wave);
    // `go` hands out the highest priority first: the plan's order, so each agent gets its task.
    const started = [];
    for (const t of tasks) {
      const run = runs.get(t.scenario);
      if (!run) throw new Error(`the demo plan needs the sample run 2.1.330/${t.scenario}`);
      const env = { ...base, AGENTDAG_SESSION_ID: runSession(run) };
      const go = await task(['go', '--agent', t.agent], env);
      if (go.task?.title !== t.title) throw new Error(`the demo plan expected "${t.title}" for ${t.agent}, got ${JSON.stringify(go.task?.title ?? go.message)}`);
      started.push({ t, run, env, handoff: (go.handoff ?? []).map((h: { title: string }) => h.title) });
    }
    await Promise.all(
      started.map(async ({ t, run, env, handoff }) => {
        outcome.hook_calls += await replayRun(run, claudeDir, hookPath, home);
        const id = ids.get(t.title)!;
        if (t.fails) await task(['fail', id, t.fails, '--agent', t.agent], env);
        else await task(['done', id, '--result', JSON.stringify(t.result), '--agent', t.agent], env);
        outcome.tasks.push({ id, title: t.title, wave, agent: t.agent, session: String(env.AGENTDAG_SESSION_ID), status: t.fails ? 'failed' : 'done', handoff_from: handoff });
      }),
    );
  }
  return outcome;
}
