// Leases: heartbeats keep a claim alive; an expired lease goes back to the queue while retries
// remain (the old holder is told it lost the lease), then fails; v_active_agents shows it all.
// Real time: 1-second leases and real waits (no clock mocking).
import { beforeEach, describe, expect, it } from 'vitest';
import { A, engine, eventTypes, Graph, sleep, statusOf, useFreshGraph } from './helpers';

const { t, ops, leases } = engine;
const fresh = useFreshGraph();
let g: Graph;
beforeEach(() => (g = fresh.get()));

const add = (title: string, o: Parameters<typeof ops.add>[2] = {}) => ops.add(g, title, { leaseSeconds: 1, ...o }).result.id;

describe('leases', () => {
  it('an expired claim is reclaimed, the old holder loses it, another agent takes it', async () => {
    const id = add('crashy');
    ops.go(g, { agent: 'dead-agent' });
    expect(leases.sweep(g)).toEqual({ reclaimed: [], failed: [], extended: [] });
    await sleep(1200);
    const s = leases.sweep(g);
    expect(s).toEqual({ reclaimed: [id], failed: [], extended: [] });
    const row = g.mustRow(id);
    expect(row.status).toBe('ready');
    expect(row.retries).toBe(1);
    expect(row.agent_id).toBeNull();
    expect(row.error).toMatch(/lease expired: dead-agent stopped heartbeating/);
    const ev = g.stmt("SELECT agent_id, payload FROM events WHERE task_id = ? AND event_type = 'task_reclaimed'").get(id) as { agent_id: string; payload: string };
    expect(ev.agent_id).toBe('dead-agent');
    expect(JSON.parse(ev.payload).reason).toBe('lease_expired');
    expect(() => g.tx(() => t.heartbeat(g, id, A('dead-agent')))).toThrow(/lease lost/);
    expect(() => g.tx(() => t.done(g, id, A('dead-agent')))).not.toThrow(); // lenient done from ready still works
  });

  it('retries exhausted: the task fails, its on_failure fallback becomes ready, its parent rolls up', async () => {
    const parent = add('parent');
    const { created } = ops.decomposeTask(g, parent, [{ key: 'a', title: 'only child', after: [], inputs: [] }], {}).result;
    const child = created[0];
    g.stmt('UPDATE tasks SET max_retries = 0, lease_seconds = 1 WHERE id = ?').run(child);
    const fallback = add('fallback');
    ops.depAdd(g, child, fallback, { condition: 'on_failure' });
    ops.go(g, { agent: 'gone' });
    await sleep(1200);
    expect(leases.sweep(g)).toEqual({ reclaimed: [], failed: [child], extended: [] });
    expect(statusOf(g, child)).toBe('failed');
    expect(statusOf(g, fallback)).toBe('ready');
    expect(statusOf(g, parent)).toBe('failed');
    expect(eventTypes(g, child).at(-1)).toBe('task_failed');
  });

  it('heartbeats keep a claim past its first lease', async () => {
    const id = add('long');
    ops.go(g, { agent: 'alive' });
    for (let i = 0; i < 3; i++) {
      await sleep(500);
      ops.heartbeat(g, id, { agent: 'alive' });
    }
    expect(leases.sweep(g).reclaimed).toEqual([]);
    expect(statusOf(g, id)).toBe('running');
  });

  it('go sweeps opportunistically: a new agent gets the dead agent\'s task', async () => {
    const id = add('x');
    ops.go(g, { agent: 'first' });
    await sleep(1200);
    const r = ops.go(g, { agent: 'second' });
    expect(r.task?.id).toBe(id);
    expect(r.swept?.reclaimed).toEqual([id]);
    expect(eventTypes(g, id)).toEqual(['task_created', 'task_ready', 'task_claimed', 'task_started', 'task_reclaimed', 'task_claimed', 'task_started']);
  });

  it('v_active_agents: who holds what, heartbeat age, expired leases', async () => {
    const a = add('a');
    const b = add('b');
    ops.claim(g, a, { agent: 'agent-1' });
    ops.claim(g, b, { agent: 'agent-1' });
    await sleep(1100);
    const rows = g.stmt('SELECT * FROM v_active_agents').all() as { agent_id: string; tasks_held: number; tasks: string; heartbeat_age_seconds: number; has_expired_lease: number }[];
    expect(rows.length).toBe(1);
    expect(rows[0].agent_id).toBe('agent-1');
    expect(rows[0].tasks_held).toBe(2);
    expect(JSON.parse(rows[0].tasks).map((x: { id: string }) => x.id).sort()).toEqual([a, b].sort());
    expect(rows[0].heartbeat_age_seconds).toBeGreaterThanOrEqual(1);
    expect(rows[0].has_expired_lease).toBe(1);
    leases.sweep(g);
    expect(g.stmt('SELECT count(*) AS n FROM v_active_agents').get()).toEqual({ n: 0 });
  });
});
