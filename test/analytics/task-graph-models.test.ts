// The task-graph side of the warehouse, driven through the real CLI and `agentdag ingest`:
// decomposition and pruning rows from split / pivot / cancel, waves through composite tasks,
// attempts across a pause and a re-claim, and one session holding two claims at once (its API
// calls are shared between them, never counted twice). Expected values are worked out by hand.
import * as path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { cli, cliJson, tempHome } from '../serve/helpers';
import { query } from '../warehouse/fixture-pipeline';
import { fixture, groundTruth, hookSpanMs, stageShifted } from './shifted-fixture';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('task-graph models: plan changes, attempts and shared sessions', () => {
  const home = tempHome('agentdag-tg-models-');
  const P = { AGENTDAG_PROJECT: 'auth-service' };
  const as = (session: string) => ({ ...P, AGENTDAG_SESSION_ID: session });
  const task = (args: string[], env: Record<string, string> = P) => cliJson(home, ['task', ...args], env);
  const id: Record<string, string> = {};
  const FX = fixture('2.1.197', 'f-task-tools'); // 6 API calls, 81,038 tokens, 0.077133 USD (see e2e test)
  const SHARED = groundTruth(FX).session_id as string;

  beforeAll(async () => {
    // auth is claimed, then split into three parts while held; signup is pivoted; reset cancelled.
    id.auth = task(['add', 'auth']).id;
    task(['go'], as('planner'));
    const split = task(['split', id.auth, 'login', 'signup', 'reset password']);
    [id.login, id.signup, id.reset] = split.created;
    const pivot = task(['pivot', id.signup, 'oauth signup', '--reason', 'use the identity provider']);
    id.oauth = pivot.created[0];
    task(['cancel', id.reset, '--reason', 'out of scope']);
    // deploy needs the whole of auth (a composite): its wave comes after auth's leaves.
    id.deploy = task(['add', 'deploy', '--after', id.auth]).id;
    // release is split into a chain: build → push (sequential).
    id.release = task(['add', 'release']).id;
    const chain = task(['split', id.release, 'build', 'push', '--chain']);
    [id.build, id.push] = chain.created;

    // login: claimed by w1, paused back to the queue, claimed again by w2 and done (2 attempts).
    expect(task(['claim', id.login], as('w1')).task.id).toBe(id.login);
    task(['pause', id.login], as('w1'));
    task(['go'], as('w2')); // the oldest ready task: login again
    task(['done', id.login], as('w2'));

    // One Claude Code session holds two claims at once (oauth and build) while it runs.
    task(['claim', id.oauth], as(SHARED));
    task(['claim', id.build], as(SHARED));
    const startAt = Date.now() + 300;
    stageShifted(FX, home, startAt);
    await sleep(startAt + hookSpanMs(FX) + 300 - Date.now());
    task(['done', id.oauth], as(SHARED));
    task(['done', id.build], as(SHARED));
    const r = cli(home, ['ingest', '--json'], { CLAUDE_CONFIG_DIR: path.join(home, 'claude') });
    expect(r.status, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout).checks_failed).toEqual([]);
  });

  it('turns split, pivot and decompose into fact_task_decomposition rows', async () => {
    const rows = await query(home, "SELECT * FROM fact_task_decomposition WHERE record_source LIKE 'task_graph:%' ORDER BY decomposed_at, child_task");
    const byChild = Object.fromEntries(rows.map((r) => [r.child_task, r]));
    for (const k of ['login', 'signup', 'reset']) {
      expect(byChild[id[k]], k).toMatchObject({ parent_task: id.auth, fan_out_kind: 'task_graph_split', subtask_count: 3, strategy: 'parallel', decomposition_depth: 1, goal_id: rows[0].goal_id });
    }
    // the pivot's replacement sits under the same parent (auth), a batch of one
    expect(byChild[id.oauth]).toMatchObject({ parent_task: id.auth, fan_out_kind: 'task_graph_pivot', subtask_count: 1 });
    // --chain links the parts: a sequential fan-out
    expect(byChild[id.build]).toMatchObject({ parent_task: id.release, strategy: 'sequential', subtask_count: 2 });
    expect(byChild[id.push]).toMatchObject({ parent_task: id.release, strategy: 'sequential', subtask_count: 2 });
    expect(rows).toHaveLength(6);
  });

  it('turns cancel and pivot into fact_pruning_event rows', async () => {
    const rows = await query(home, "SELECT task_id, pruning_reason, pruned_kind, detail FROM fact_pruning_event WHERE record_source LIKE 'task_graph:%' ORDER BY pruned_at");
    expect(rows).toEqual([
      { task_id: id.signup, pruning_reason: 'pivot', pruned_kind: 'task', detail: 'pivot: use the identity provider' },
      { task_id: id.reset, pruning_reason: 'task_cancel', pruned_kind: 'task', detail: 'out of scope' },
    ]);
  });

  it('rebuilding without new events neither duplicates nor loses the appended rows', async () => {
    const before = await query(home, "SELECT count(*) AS n FROM fact_task_decomposition WHERE record_source LIKE 'task_graph:%'");
    const r = cli(home, ['ingest', '--json'], { CLAUDE_CONFIG_DIR: path.join(home, 'claude') });
    expect(r.status, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout).task_graph.events_new).toBe(0);
    const after = await query(home, "SELECT count(*) AS n FROM fact_task_decomposition WHERE record_source LIKE 'task_graph:%'");
    expect(after[0].n).toBe(before[0].n);
  });

  it('re-reads only the tasks that new events name', async () => {
    const before = await query(home, 'SELECT count(*) AS n FROM raw_tg_tasks');
    task(['amend', id.deploy, 'deploy to staging first']);
    const r = cli(home, ['ingest', '--json'], { CLAUDE_CONFIG_DIR: path.join(home, 'claude') });
    expect(r.status, r.stderr).toBe(0);
    const [last] = await query(home, 'SELECT tasks, events_new, full_reload FROM raw_tg_snapshots ORDER BY snapshot_id DESC LIMIT 1');
    expect(last).toEqual({ tasks: 1, events_new: 1, full_reload: false }); // one task_amended event, one task copied
    expect(await query(home, 'SELECT count(*) AS n FROM raw_tg_tasks')).toEqual(before);
    const [deploy] = await query(home, 'SELECT description FROM tg_stg_tasks WHERE task_id = $1', [id.deploy]);
    expect(deploy.description).toMatch(/deploy to staging first/);
  });

  it('computes waves through composite tasks', async () => {
    const lv = Object.fromEntries((await query(home, 'SELECT task_id, wave_number FROM tg_task_levels')).map((r) => [r.task_id, r.wave_number]));
    // login, oauth, build have no upstream: wave 1; push follows build: wave 2; deploy waits for
    // auth, i.e. for auth's leaf tasks (login, oauth; the cancelled ones do not count): wave 2.
    expect([lv[id.login], lv[id.oauth], lv[id.build], lv[id.push], lv[id.deploy]]).toEqual([1, 1, 1, 2, 2]);
    expect(lv[id.auth]).toBeUndefined(); // a composite is a container, not a step of a wave
  });

  it('counts each claim as an attempt, with the agent that held it', async () => {
    const claims = await query(home, 'SELECT task_id, attempt, agent_id, end_event_type FROM tg_task_claims WHERE task_id = $1 ORDER BY attempt', [id.login]);
    expect(claims).toEqual([
      { task_id: id.login, attempt: 1, agent_id: 'w1', end_event_type: 'task_paused' },
      { task_id: id.login, attempt: 2, agent_id: 'w2', end_event_type: 'task_completed' },
    ]);
    // The split ended the planner's claim on auth (auth became a composite): its own work stopped
    // there, before any of its parts was claimed.
    const [auth] = await query(home, 'SELECT ended_at FROM tg_task_claims WHERE task_id = $1', [id.auth]);
    const [firstPart] = await query(home, 'SELECT min(claimed_at) AS t FROM tg_task_claims WHERE task_id <> $1', [id.auth]);
    expect(auth.ended_at).not.toBeNull();
    expect(auth.ended_at.getTime()).toBeLessThanOrEqual(firstPart.t.getTime());
    expect((await query(home, 'SELECT attempts FROM task_cost WHERE task_id = $1', [id.login]))[0].attempts).toBe(2);
  });

  it('shares the API calls of a session holding two claims between them', async () => {
    const rows = await query(home, 'SELECT task_id, api_calls, total_tokens, cost_usd FROM task_cost WHERE task_id IN ($1, $2) ORDER BY task_id', [id.oauth, id.build]);
    // By hand: all 6 calls of f-task-tools (81,038 tokens, 0.077133 USD) fall while the session
    // holds both claims: each task gets half: 3 calls, 40,519 tokens, 0.0385665 USD.
    for (const r of rows) {
      expect(r.api_calls).toBeCloseTo(3, 9);
      expect(r.total_tokens).toBeCloseTo(40_519, 6);
      expect(r.cost_usd).toBeCloseTo(0.0385665, 9);
    }
    // ...and the whole is counted once across tasks.
    const [sum] = await query(home, 'SELECT sum(total_tokens) AS t FROM task_cost');
    expect(sum.t).toBeCloseTo(81_038, 6);
  });

  it('serves the DAG reports through `agentdag report`', () => {
    for (const name of ['dag-executions', 'cost-per-task', 'cost-per-verified-task', 'wave-progress', 'concurrency']) {
      const r = cli(home, ['report', name, '--json']);
      expect(r.status, `${name}: ${r.stderr}`).toBe(0);
      expect(JSON.parse(r.stdout).length, name).toBeGreaterThan(0);
    }
    const bySession = JSON.parse(cli(home, ['report', 'cost-per-task', '--session', 'w2', '--json']).stdout);
    expect(bySession.map((t: any) => t.task_id)).toEqual([id.login]);
  });

  it('leaves the cost of a claim with no Claude Code session unknown (NULL), never 0', async () => {
    id.review = task(['add', 'review']).id;
    expect(task(['claim', id.review, '--agent', 'reviewer']).task.id).toBe(id.review); // no AGENTDAG_SESSION_ID
    task(['done', id.review, '--agent', 'reviewer']);
    expect(cli(home, ['ingest'], { CLAUDE_CONFIG_DIR: path.join(home, 'claude') }).status).toBe(0);
    const [r] = await query(home, 'SELECT agent_id, session_id, cost_usd, unmeasured_claims FROM task_cost WHERE task_id = $1', [id.review]);
    expect(r).toEqual({ agent_id: 'reviewer', session_id: null, cost_usd: null, unmeasured_claims: 1 });
  });
});

describe('task-graph snapshot edge cases', () => {
  it('builds empty DAG models when there is no task graph yet', async () => {
    const home = tempHome('agentdag-tg-empty-');
    const r = cli(home, ['ingest', '--json']);
    expect(r.status, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout).task_graph).toEqual({ tasks: 0, events_new: 0 });
    expect(await query(home, 'SELECT count(*) AS n FROM dag_executions')).toEqual([{ n: 0 }]);
  });

  it('reloads a task graph that was replaced by a new one (ids restarted)', async () => {
    const home = tempHome('agentdag-tg-replaced-');
    const fs = await import('node:fs');
    for (const t of ['a', 'b', 'c']) cliJson(home, ['task', 'add', t]);
    expect(cli(home, ['ingest']).status).toBe(0);
    for (const f of ['tasks.sqlite', 'tasks.sqlite-wal', 'tasks.sqlite-shm']) fs.rmSync(path.join(home, f), { force: true });
    cliJson(home, ['task', 'add', 'fresh start']);
    const r = cli(home, ['ingest', '--json']);
    expect(r.status, r.stderr).toBe(0);
    const tasks = await query(home, 'SELECT title FROM tg_stg_tasks');
    expect(tasks).toEqual([{ title: 'fresh start' }]);
    const snaps = await query(home, 'SELECT full_reload FROM raw_tg_snapshots ORDER BY snapshot_id');
    expect(snaps.map((s) => s.full_reload)).toEqual([false, true]);
    // only the new graph's events remain: no id from the old graph collides with the new ones
    const [ev] = await query(home, "SELECT count(*) AS n, count(*) FILTER (WHERE row->>'task_id' IN (SELECT task_id FROM raw_tg_tasks)) AS mine FROM raw_tg_events");
    expect(ev.n).toBe(ev.mine);
  });
});
