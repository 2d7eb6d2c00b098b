// Two "machines" (two data dirs) and 8 agent processes sharing one PostgreSQL task graph through
// AGENTDAG_TASKS_URL, each agent doing the two-command protocol with the real CLI: every task is
// claimed exactly once, every done is accepted, no SQLite file appears in either data dir, and
// `agentdag ingest` on one machine snapshots the shared graph. (PostgreSQL only: *.pg.test.ts.)
import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { CLI, engine, graphAt, tempHome } from './helpers';

/** One agent: go → done until nothing is left, through the CLI of its machine. Prints its claims as JSON. */
const AGENT = `
const { spawnSync } = require('node:child_process');
const [cli, name] = process.argv.slice(2);
const run = (args) => spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8' });
const claimed = [], refused = [];
for (;;) {
  const go = run(['task', 'go', '--agent', name, '--json']);
  if (go.status !== 0) throw new Error('go failed: ' + go.stderr);
  const task = JSON.parse(go.stdout).task;
  if (!task) break; // every task is claimed (they have no dependencies): the others finish theirs
  claimed.push(task.id);
  const done = run(['task', 'done', task.id, '--result', JSON.stringify({ by: name })]); // no identity: lenient done
  if (done.status !== 0) refused.push(done.stderr);
}
process.stdout.write(JSON.stringify({ name, claimed, refused }));
`;

const started: ChildProcess[] = [];
afterEach(() => {
  for (const p of started.splice(0)) if (p.exitCode === null) p.kill();
});

function agent(home: string, url: string, name: string, script: string): Promise<{ name: string; claimed: string[]; refused: string[] }> {
  return new Promise((resolve, reject) => {
    const p = spawn(process.execPath, [script, CLI, name], {
      env: { ...process.env, AGENTDAG_HOME: home, AGENTDAG_TASKS_URL: url, AGENTDAG_SESSION_ID: `session-${name}`, AGENTDAG_PROJECT: '' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    started.push(p);
    let out = '';
    let err = '';
    p.stdout.on('data', (d) => (out += d));
    p.stderr.on('data', (d) => (err += d));
    p.on('exit', (code) => (code === 0 ? resolve(JSON.parse(out)) : reject(new Error(`${name} exited ${code}: ${err}`))));
  });
}

describe('one PostgreSQL task graph, two machines', () => {
  it('8 agents from two data dirs: 200 tasks each claimed once, every done accepted, no SQLite file, ingest snapshots it', { timeout: 600_000 }, async () => {
    const shared = tempHome();
    const url = graphAt(shared);
    const g = engine.graph.Graph.open(url);
    const ids = g.tx(() => Array.from({ length: 200 }, (_, i) => engine.t.insertTask(g, { title: `job ${i}`, priority: i % 5 }, true)));
    const machines = [fs.mkdtempSync(path.join(os.tmpdir(), 'agentdag-machine-a-')), fs.mkdtempSync(path.join(os.tmpdir(), 'agentdag-machine-b-'))];
    const script = path.join(shared, 'agent.js');
    fs.writeFileSync(script, AGENT);
    const results = await Promise.all(Array.from({ length: 8 }, (_, i) => agent(machines[i % 2], url, `agent-${i}`, script)));
    const all = results.flatMap((r) => r.claimed);
    expect(all.length).toBe(200);
    expect(new Set(all)).toEqual(new Set(ids));
    expect(results.flatMap((r) => r.refused)).toEqual([]);
    expect(results.filter((r) => r.claimed.length > 0).length).toBeGreaterThanOrEqual(2);
    expect(g.stmt("SELECT count(*) AS n FROM tasks WHERE status = 'done'").get()).toEqual({ n: 200 });
    expect(g.stmt("SELECT task_id FROM events WHERE event_type = 'task_claimed' GROUP BY task_id HAVING count(*) <> 1").all()).toEqual([]);
    const byClaim = new Map(results.flatMap((r) => r.claimed.map((id) => [id, r.name] as const)));
    for (const row of g.stmt('SELECT id, agent_id, session_id, result FROM tasks').all() as { id: string; agent_id: string; session_id: string; result: string }[]) {
      expect(row.agent_id).toBe(byClaim.get(row.id));
      expect(row.session_id).toBe(`session-${row.agent_id}`);
      expect(JSON.parse(row.result)).toEqual({ by: row.agent_id });
    }
    expect(engine.invariants.runChecks(g)).toEqual([]);
    g.close();
    for (const m of machines) expect(fs.readdirSync(m).filter((f) => f.startsWith('tasks.sqlite'))).toEqual([]);
    // Ingest on machine A reads the shared graph through the read module.
    const env = { ...process.env, AGENTDAG_HOME: machines[0], AGENTDAG_TASKS_URL: url };
    const { spawnSync } = await import('node:child_process');
    expect(spawnSync(process.execPath, [CLI, 'ingest', '--json'], { env, encoding: 'utf8' }).status).toBe(0);
    const sql = spawnSync(process.execPath, [CLI, 'sql', "SELECT count(*) AS n FROM tg_stg_tasks WHERE status = 'done'", '--json'], { env, encoding: 'utf8' });
    expect(JSON.parse(sql.stdout)).toEqual([{ n: 200 }]);
    expect(fs.readdirSync(machines[0]).filter((f) => f.startsWith('tasks.sqlite'))).toEqual([]);
  });
});
