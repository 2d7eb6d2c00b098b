// `agentdag serve` against a real server on 127.0.0.1 (random port), a real published warehouse
// and a real task graph changed by `agentdag task` child processes.
import { spawn } from 'node:child_process';
import * as http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI, cli, cliEnv, get, openSse, serve, tempHome, type Served } from './helpers';
import { buildScenario, PROJECT, S2, type Scenario } from './scenario';

describe('agentdag serve: JSON endpoints (seed 001) and the SSE stream', () => {
  const home = tempHome();
  let sc: Scenario;
  let srv: Served;
  let executionId: string;

  beforeAll(async () => {
    sc = buildScenario(home);
    srv = await serve(home);
    executionId = (await get(`${srv.url}/api/v1/dag-executions`)).json.executions[0].executionId;
  });
  afterAll(async () => {
    await srv?.stop();
  });

  it('binds to loopback by default', () => {
    expect(new URL(srv.url).hostname).toBe('127.0.0.1');
  });

  it('lists executions with limit, offset and a status filter', async () => {
    const all = await get(`${srv.url}/api/v1/dag-executions`);
    expect(all.status).toBe(200);
    expect(all.json.pagination).toMatchObject({ limit: 50, offset: 0, total: 1 });
    expect(all.json.executions[0]).toMatchObject({ title: 'alpha', status: 'running', totalTasks: 4, completedTasks: 1, waitingTasks: 1, runningTasks: 2 });
    expect((await get(`${srv.url}/api/v1/dag-executions?status=running`)).json.executions).toHaveLength(1);
    expect((await get(`${srv.url}/api/v1/dag-executions?status=completed`)).json.executions).toHaveLength(0);
    const page2 = await get(`${srv.url}/api/v1/dag-executions?limit=1&offset=1`);
    expect(page2.json.executions).toHaveLength(0);
    expect(page2.json.pagination.total).toBe(1);
  });

  it('refuses bad list parameters with the fix', async () => {
    for (const q of ['limit=0', 'limit=101', 'limit=ten', 'offset=-1', 'status=bogus']) {
      const r = await get(`${srv.url}/api/v1/dag-executions?${q}`);
      expect(r.status, q).toBe(400);
      expect(r.json.fix, q).toBeTruthy();
    }
  });

  it('returns one execution with its sub-steps, and the sub-steps alone', async () => {
    const one = await get(`${srv.url}/api/v1/dag-executions/${executionId}`);
    expect(one.status).toBe(200);
    const steps = Object.fromEntries(one.json.subSteps.map((s: any) => [s.taskId, s]));
    expect(Object.keys(steps).sort()).toEqual(Object.values(sc.ids).sort());
    expect(steps[sc.ids.design]).toMatchObject({ status: 'done', waveNumber: 1, result: { schema: 'v1' }, agentId: 'session-one' });
    expect(steps[sc.ids.build]).toMatchObject({ status: 'running', waveNumber: 2, dependsOn: [sc.ids.design] });
    expect(steps[sc.ids.ship]).toMatchObject({ status: 'pending', waveNumber: 3 });
    expect(steps[sc.ids.ship].dependsOn.sort()).toEqual([sc.ids.build, sc.ids.docs].sort());
    const alone = await get(`${srv.url}/api/v1/dag-executions/${executionId}/sub-steps`);
    expect(alone.status).toBe(200);
    expect(alone.json.subSteps).toEqual(one.json.subSteps);
    const missing = await get(`${srv.url}/api/v1/dag-executions/p-nothere/sub-steps`);
    expect(missing.status).toBe(404);
    expect((await get(`${srv.url}/api/v1/dag-executions/p-nothere`)).status).toBe(404);
  });

  it('serves the dashboard data: waves, concurrency, cost by model, routing, live agents', async () => {
    const waves = (await get(`${srv.url}/api/v1/waves`)).json.waves;
    expect(waves.map((w: any) => [w.waveNumber, w.taskCount])).toEqual([
      [1, 2],
      [2, 1],
      [3, 1],
    ]);
    const conc = (await get(`${srv.url}/api/v1/concurrency`)).json.sessions;
    expect(conc.find((s: any) => s.source === 'task_graph').peakConcurrentAgents).toBe(2);
    expect(conc.find((s: any) => s.source === 'claude_code').peakConcurrentAgents).toBe(3);
    const cost = (await get(`${srv.url}/api/v1/cost-by-model`)).json.days;
    expect(cost.map((d: any) => d.model).sort()).toEqual(['claude-haiku-4-5-20251001', 'claude-sonnet-4-5']);
    expect((await get(`${srv.url}/api/v1/routing-success`)).json.routes.length).toBeGreaterThan(0);
    const live = (await get(`${srv.url}/api/v1/agents/live`)).json;
    expect(live.activeAgents).toBe(2);
    expect(live.projects[0]).toMatchObject({ title: 'alpha', currentWave: 1, counts: { total: 4, done: 1, failed: 0, running: 2 } });
  });

  it('streams a task-graph event within a second of a transition made by `agentdag task`', async () => {
    const sse = openSse(`${srv.url}/api/v1/events`);
    await sse.opened;
    const child = spawn(process.execPath, [CLI, 'task', 'done', sc.ids.docs, '--json'], { env: cliEnv(home, { ...PROJECT, AGENTDAG_SESSION_ID: S2 }), stdio: 'ignore' });
    const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
    const ev = await sse.next((m) => m.data.task_id === sc.ids.docs && m.data.event_type === 'task_completed', 5000);
    expect(await exited).toBe(0);
    // created_at is stamped inside the SQLite write; the stream must deliver within a second.
    expect(ev.receivedAt - Date.parse(ev.data.created_at)).toBeLessThan(1000);
    expect(ev.data).toMatchObject({ from_status: 'running', to_status: 'done', session_id: S2, payload: { has_result: false } });
    expect(Number(ev.id)).toBe(ev.data.id);
    sse.close();
  });

  it('replays from Last-Event-ID / ?after= so a reconnecting client misses nothing', async () => {
    const sse = openSse(`${srv.url}/api/v1/events?after=0`);
    await sse.opened;
    const first = await sse.next(() => true, 3000);
    expect(first.data.id).toBe(1);
    await sse.next((m) => m.data.event_type === 'task_completed', 3000);
    sse.close();
  });

  it('is read-only and answers only to loopback host names', async () => {
    const post = await new Promise<number>((resolve, reject) => {
      const req = http.request(`${srv.url}/api/v1/dag-executions`, { method: 'POST' }, (res) => resolve(res.statusCode ?? 0));
      req.on('error', reject);
      req.end('{}');
    });
    expect(post).toBe(405);
    expect((await get(`${srv.url}/api/v1/health`, { host: 'evil.example' })).status).toBe(421);
    expect((await get(`${srv.url}/api/v1/nope`)).status).toBe(404);
  });

  it('does not stop an ingest from publishing while it serves', async () => {
    await get(`${srv.url}/api/v1/dag-executions`);
    const r = cli(home, ['ingest', '--json']);
    expect(r.status, r.stderr).toBe(0);
    // The transition streamed above is now in the published warehouse (the cache lasts 2 s).
    await new Promise((res) => setTimeout(res, 2100));
    const after = (await get(`${srv.url}/api/v1/dag-executions/${executionId}`)).json;
    expect(after.subSteps.find((s: any) => s.taskId === sc.ids.docs).status).toBe('done');
  });
});

describe('agentdag serve: who may connect', () => {
  it('refuses a non-loopback bind without a token, naming the fix', () => {
    const home = tempHome();
    const r = cli(home, ['serve', '--host', '0.0.0.0', '--port', '0']);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/refusing to serve on 0\.0\.0\.0 without a token/);
    expect(r.stderr).toMatch(/fix: put a random token in the environment or a file: AGENTDAG_SERVE_TOKEN=/);
  });

  it('requires the token on every request when one is set', async () => {
    const home = tempHome();
    const token = 'a'.repeat(16) + '0123456789abcdef';
    const srv = await serve(home, ['--host', '0.0.0.0'], { AGENTDAG_SERVE_TOKEN: token });
    try {
      const port = new URL(srv.url).port;
      const base = `http://127.0.0.1:${port}`;
      expect((await get(`${base}/api/v1/health`)).status).toBe(401);
      expect((await get(`${base}/api/v1/health`, { authorization: 'Bearer wrong-token-wrong-token' })).status).toBe(401);
      expect((await get(`${base}/api/v1/health`, { authorization: `Bearer ${token}` })).status).toBe(200);
      expect((await get(`${base}/api/v1/health?token=${token}`)).status).toBe(200);
      // Opening the page with ?token= sets an HttpOnly cookie, so its assets and data load too.
      const page = await get(`${base}/?token=${token}`);
      expect(page.status).toBe(200);
      const cookie = String(page.headers['set-cookie']).split(';')[0];
      expect(cookie).toBe(`agentdag_token=${token}`);
      expect(String(page.headers['set-cookie'])).toMatch(/HttpOnly; SameSite=Strict/);
      expect((await get(`${base}/assets/app.js`)).status).toBe(401);
      expect((await get(`${base}/assets/app.js`, { cookie })).status).toBe(200);
      expect((await get(`${base}/assets/app.js`, { cookie: 'agentdag_token=nope' })).status).toBe(401);
    } finally {
      await srv.stop();
    }
  });

  it('answers 503 with the fix before the first ingest', async () => {
    const home = tempHome();
    const srv = await serve(home);
    try {
      const r = await get(`${srv.url}/api/v1/dag-executions`);
      expect(r.status).toBe(503);
      expect(r.json.fix).toMatch(/agentdag ingest/);
      expect((await get(`${srv.url}/api/v1/agents/live`)).json).toEqual({ projects: [], activeAgents: 0, activeTasks: 0 });
    } finally {
      await srv.stop();
    }
  });
});

describe('agentdag serve: the event stream across the task graph life cycle', () => {
  it('streams from a task graph created after the server started, and from its replacement', async () => {
    const fs = await import('node:fs');
    const path = await import('node:path');
    const home = tempHome();
    const srv = await serve(home);
    try {
      const sse = openSse(`${srv.url}/api/v1/events`);
      await sse.opened;
      const first = cli(home, ['task', 'add', 'first graph', '--json']);
      expect(first.status, first.stderr).toBe(0);
      const a = await sse.next((m) => m.data.event_type === 'task_created', 5000);
      expect(a.data.payload.title).toBe('first graph');
      // The task graph is replaced by a new file: its event ids restart at 1.
      for (const f of ['tasks.sqlite', 'tasks.sqlite-wal', 'tasks.sqlite-shm']) fs.rmSync(path.join(home, f), { force: true });
      expect(cli(home, ['task', 'add', 'second graph']).status).toBe(0);
      const b = await sse.next((m) => m.data.payload?.title === 'second graph', 5000);
      expect(b.data.id).toBe(1);
      sse.close();
    } finally {
      await srv.stop();
    }
  });
});
