// ≥ 8 processes claiming from one graph (a SQLite file, or PostgreSQL in the state-pg run): zero
// double claims, every task claimed exactly once.
import { spawn } from 'node:child_process';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, engine, expectNoInvariantFailures, graphAt, openGraph, ROOT, storeEnv, tempHome } from './helpers';

const WORKER = path.join(ROOT, 'dist/bench/tasks-worker.js');

function runWorker(file: string, agent: string, mode: 'claim' | 'complete'): Promise<{ agent: string; claimed: string[] }> {
  return new Promise((resolve, reject) => {
    const p = spawn(process.execPath, [WORKER, file, agent, mode], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    p.stdout.on('data', (d) => (out += d));
    p.stderr.on('data', (d) => (err += d));
    p.on('exit', (code) => (code === 0 ? resolve(JSON.parse(out)) : reject(new Error(`worker ${agent} exited ${code}: ${err}`))));
  });
}

describe('8 processes racing on one file', () => {
  it('claim only: 3,000 ready tasks, each claimed exactly once', async () => {
    const home = tempHome();
    const g = openGraph(home);
    const ids = g.tx(() => Array.from({ length: 3000 }, (_, i) => engine.t.insertTask(g, { title: `task ${i}`, priority: i % 7 }, true)));
    g.close();
    const results = await Promise.all(Array.from({ length: 8 }, (_, i) => runWorker(graphAt(home), `w${i}`, 'claim')));
    const all = results.flatMap((r) => r.claimed);
    expect(all.length).toBe(3000);
    expect(new Set(all).size).toBe(3000);
    expect(new Set(all)).toEqual(new Set(ids));
    const g2 = openGraph(home);
    const perTask = g2.stmt("SELECT task_id, count(*) AS n, min(agent_id) AS a FROM events WHERE event_type = 'task_claimed' GROUP BY task_id HAVING count(*) <> 1").all();
    expect(perTask).toEqual([]);
    // the agent recorded on each task is the worker that reported claiming it
    const owner = new Map(results.flatMap((r) => r.claimed.map((id) => [id, r.agent] as const)));
    for (const row of g2.stmt('SELECT id, agent_id FROM tasks').all() as { id: string; agent_id: string }[]) expect(row.agent_id).toBe(owner.get(row.id));
    expectNoInvariantFailures(g2);
    g2.close();
  });

  it('claim + complete through a DAG: every task done once, never before its dependencies', async () => {
    const home = tempHome();
    const g = openGraph(home);
    g.tx(() => {
      const ids: string[] = [];
      for (let i = 0; i < 1500; i++) {
        const deps = i < 3 ? [] : [...new Set([ids[i - 1 - (i % 3)], ids[Math.floor(i / 2)]])];
        const id = engine.t.insertTask(g, { title: `n${i}` }, deps.length === 0);
        for (const d of deps) g.stmt('INSERT INTO dependencies (from_task, to_task) VALUES (?, ?)').run(d, id);
        ids.push(id);
      }
    });
    g.close();
    const results = await Promise.all(Array.from({ length: 8 }, (_, i) => runWorker(graphAt(home), `w${i}`, 'complete')));
    const all = results.flatMap((r) => r.claimed);
    expect(all.length).toBe(1500);
    expect(new Set(all).size).toBe(1500);
    const g2 = openGraph(home);
    expect(g2.stmt("SELECT count(*) AS n FROM tasks WHERE status = 'done'").get()).toEqual({ n: 1500 });
    const violations = g2
      .stmt('SELECT d.from_task, d.to_task FROM dependencies d JOIN tasks u ON u.id = d.from_task JOIN tasks t ON t.id = d.to_task WHERE t.claimed_at < u.completed_at')
      .all();
    expect(violations).toEqual([]);
    expectNoInvariantFailures(g2);
    g2.close();
  });

  it('8 concurrent `agentdag task go` CLI processes get 8 different tasks', async () => {
    const home = tempHome();
    for (let i = 0; i < 10; i++) cli(home, ['task', 'add', `job ${i}`]);
    const { spawn: sp } = await import('node:child_process');
    const outs = await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        new Promise<string>((resolve) => {
          const p = sp(process.execPath, [path.join(ROOT, 'dist/cli/index.js'), 'task', 'go', '--json', '--agent', `cli-${i}`], { env: { ...process.env, AGENTDAG_HOME: home, ...storeEnv(home) } });
          let out = '';
          p.stdout.on('data', (d) => (out += d));
          p.on('exit', () => resolve(out));
        }),
      ),
    );
    const ids = outs.map((o) => JSON.parse(o).task.id);
    expect(new Set(ids).size).toBe(8);
  });
});
