// The agent's CLI at agent speed: wall time of `agentdag task go` and `agentdag task done ID`
// (each a fresh process, as an agent's Bash tool runs them) against `node -e 0` in the same run,
// interleaved round by round so load changes hit all three alike; medians. Measured with
// NODE_EXTRA_CA_CERTS as the environment has it and removed (it makes every Node start ~3× slower).
// Target (issue 14): go and done ≤ 2× `node -e 0`.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { median } from './stats';

const CLI = path.join(__dirname, '..', 'cli', 'index.js');

function wall(args: string[], env: NodeJS.ProcessEnv): { ms: number; stdout: string } {
  const t0 = performance.now();
  const r = spawnSync(process.execPath, args, { env, encoding: 'utf8' });
  const ms = performance.now() - t0;
  if (r.status !== 0) throw new Error(`${args.join(' ')} exited ${r.status}: ${r.stderr}`);
  return { ms, stdout: r.stdout };
}

export interface CliSpeed {
  env: string;
  node: number;
  go: number;
  done: number;
  rounds: number;
}

/** `rounds` interleaved rounds of node -e 0, task go, task done on a fresh data dir (SQLite, or `tasksUrl`). */
export function measureCliSpeed(label: string, baseEnv: NodeJS.ProcessEnv, rounds = 25, tasksUrl?: string): CliSpeed {
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'agentdag-bench-cli-'));
  const env: NodeJS.ProcessEnv = { ...baseEnv, AGENTDAG_HOME: home, AGENTDAG_SESSION_ID: '', AGENTDAG_PROJECT: '' };
  if (tasksUrl) env.AGENTDAG_TASKS_URL = tasksUrl;
  else delete env.AGENTDAG_TASKS_URL;
  try {
    for (let i = 0; i < rounds + 2; i++) wall([CLI, 'task', 'add', `bench task ${i}`], env);
    const warm = JSON.parse(wall([CLI, 'task', 'go', '--agent', 'bench', '--json'], env).stdout).task.id;
    wall([CLI, 'task', 'done', warm, '--agent', 'bench'], env); // writes the code cache
    const node: number[] = [];
    const go: number[] = [];
    const done: number[] = [];
    for (let i = 0; i < rounds; i++) {
      node.push(wall(['-e', '0'], env).ms);
      const g = wall([CLI, 'task', 'go', '--agent', 'bench', '--json'], env);
      go.push(g.ms);
      done.push(wall([CLI, 'task', 'done', JSON.parse(g.stdout).task.id, '--agent', 'bench', '--result', '{"ok": true}'], env).ms);
    }
    return { env: label, node: median(node), go: median(go), done: median(done), rounds };
  } finally {
    fs.rmSync(home, { recursive: true, force: true });
  }
}

export function cliSpeedTable(rows: CliSpeed[]): string {
  const out = ['| store | environment | `node -e 0` | `task go` | `task done` | ratio go / done | target ≤ 2× |', '|---|---|---|---|---|---|---|'];
  for (const r of rows) {
    const [store, env] = r.env.split(' / ');
    const ok = r.go <= 2 * r.node && r.done <= 2 * r.node;
    out.push(`| ${store} | ${env} | ${r.node.toFixed(1)} ms | ${r.go.toFixed(1)} ms | ${r.done.toFixed(1)} ms | ×${(r.go / r.node).toFixed(2)} / ×${(r.done / r.node).toFixed(2)} | ${ok ? 'met' : 'missed'} |`);
  }
  return out.join('\n');
}

/** The SQLite rows of the table: NODE_EXTRA_CA_CERTS removed, and as the environment has it. */
export function sqliteCliSpeed(rounds?: number): CliSpeed[] {
  const without = { ...process.env };
  delete without.NODE_EXTRA_CA_CERTS;
  const rows = [measureCliSpeed('SQLite / NODE_EXTRA_CA_CERTS removed', without, rounds)];
  if (process.env.NODE_EXTRA_CA_CERTS) rows.push(measureCliSpeed('SQLite / NODE_EXTRA_CA_CERTS set', process.env, rounds));
  return rows;
}

if (require.main === module) {
  process.stdout.write(cliSpeedTable(sqliteCliSpeed(Number(process.argv[2] ?? 25))) + '\n');
}
