// Promotion through chains, diamonds and suggests; conditions; composite roll-up; cycles refused
// naming the cycle; the handoff's contents.
import { beforeEach, describe, expect, it } from 'vitest';
import { A, engine, Graph, statusOf, useFreshGraph } from './helpers';

const { t, ops } = engine;
const fresh = useFreshGraph();
let g: Graph;
beforeEach(() => (g = fresh.get()));

const { add, finish } = fresh;
const dep = (from: string, to: string, kind?: string, condition?: string) => ops.depAdd(g, from, to, { kind, condition }).result;

describe('promotion', () => {
  it('walks a chain one step per completion', () => {
    const ids = [add('c0')];
    for (let i = 1; i < 6; i++) ids.push(add(`c${i}`, { after: [ids[i - 1]] }));
    for (let i = 0; i < 6; i++) {
      expect(ids.map((id) => statusOf(g, id))).toEqual(ids.map((_, j) => (j < i ? 'done' : j === i ? 'ready' : 'pending')));
      const { promoted } = finish(ids[i]);
      expect(promoted).toEqual(i < 5 ? [ids[i + 1]] : []);
    }
  });

  it('a diamond joins only when both sides are done', () => {
    const top = add('top');
    const left = add('left', { after: [top] });
    const right = add('right', { after: [top] });
    const bottom = add('bottom', { after: [left, right] });
    expect(finish(top).promoted.sort()).toEqual([left, right].sort());
    expect(finish(left).promoted).toEqual([]);
    expect(statusOf(g, bottom)).toBe('pending');
    expect(finish(right).promoted).toEqual([bottom]);
  });

  it('suggests never blocks', () => {
    const a = add('a');
    const b = add('b');
    dep(a, b, 'suggests');
    expect(statusOf(g, b)).toBe('ready');
    const c = add('c', { after: [a] });
    dep(b, c, 'suggests');
    expect(finish(a).promoted).toEqual([c]);
  });

  it('adding a blocking edge to a ready task sends it back to pending; removing it promotes again', () => {
    const a = add('a');
    const b = add('b');
    expect(dep(a, b).blocked).toBe(true);
    expect(statusOf(g, b)).toBe('pending');
    expect(ops.depRm(g, a, b, {}).result.promoted).toBe(true);
    expect(statusOf(g, b)).toBe('ready');
  });

  it('conditions: on_failure runs a fallback when the upstream fails; always runs either way', () => {
    const risky = add('risky');
    const fallback = add('fallback');
    const cleanup = add('cleanup');
    dep(risky, fallback, 'blocks', 'on_failure');
    dep(risky, cleanup, 'blocks', 'always');
    expect(statusOf(g, fallback)).toBe('pending');
    ops.go(g, { agent: 'w' });
    const { promoted } = g.tx(() => t.fail(g, risky, 'it broke', A('w')));
    expect(promoted.sort()).toEqual([fallback, cleanup].sort());
  });

  it('a composite parent rolls up from its children and then unblocks its own dependents', () => {
    const parent = add('parent');
    const after = add('after parent', { after: [parent] });
    const { created } = ops.decomposeTask(g, parent, [
      { key: 'a', title: 'child a', after: [], inputs: [] },
      { key: 'b', title: 'child b', after: ['a'], inputs: [] },
    ], {}).result;
    expect(g.mustRow(parent).kind).toBe('composite');
    expect(statusOf(g, parent)).toBe('pending');
    ops.go(g, { agent: 'w' });
    expect(statusOf(g, parent)).toBe('running');
    finish(created[0], { a: 1 });
    expect(statusOf(g, after)).toBe('pending');
    const { promoted } = finish(created[1], { b: 2 });
    expect(statusOf(g, parent)).toBe('done');
    expect(promoted).toContain(after);
    expect(g.mustRow(parent).result).toBe(JSON.stringify({ [created[0]]: { a: 1 }, [created[1]]: { b: 2 } }));
  });

  it('a parent whose subtasks partly failed rolls up to done_partial (not done), and still unblocks its dependents', () => {
    const parent = add('parent');
    const after = add('after parent', { after: [parent] });
    const { created } = ops.decomposeTask(g, parent, [
      { key: 'a', title: 'works', after: [], inputs: [] },
      { key: 'b', title: 'breaks', after: [], inputs: [] },
    ], {}).result;
    const [works, breaks] = created;
    g.tx(() => t.claim(g, breaks, A('w')));
    g.tx(() => t.fail(g, breaks, 'it broke', A('w')));
    expect(statusOf(g, parent)).toBe('running');
    const { promoted } = finish(works, { ok: true });
    expect(statusOf(g, parent)).toBe('done_partial');
    expect(g.mustRow(parent).completed_at).toBeTruthy();
    expect(promoted).toContain(after);
    expect(g.mustRow(parent).result).toBe(JSON.stringify({ [works]: { ok: true } }));
  });

  it('a parent rolls up to failed when every subtask failed or was cancelled, and to done_partial when one child is done_partial', () => {
    const allBad = add('all bad');
    const bad = ops.decomposeTask(g, allBad, [{ key: 'x', title: 'x', after: [], inputs: [] }, { key: 'y', title: 'y', after: [], inputs: [] }], {}).result.created;
    g.tx(() => t.claim(g, bad[0], A('w')));
    g.tx(() => t.fail(g, bad[0], 'no', A('w')));
    ops.cancel(g, bad[1], {});
    expect(statusOf(g, allBad)).toBe('failed');
    const half = add('half');
    const parts = ops.decomposeTask(g, half, [{ key: 'x', title: 'x', after: [], inputs: [] }, { key: 'y', title: 'y', after: [], inputs: [] }], {}).result.created;
    finish(parts[0]);
    g.tx(() => t.done(g, parts[1], A('w'), { partial: true }));
    expect(statusOf(g, half)).toBe('done_partial');
  });

  it('children inherit the blocking dependencies of the task they decompose', () => {
    const first = add('first');
    const parent = add('parent', { after: [first] });
    const { created } = ops.splitTask(g, parent, [
      { key: '1', title: 'one', after: [], inputs: [] },
      { key: '2', title: 'two', after: [], inputs: [] },
    ], {}).result;
    for (const c of created) expect(statusOf(g, c)).toBe('pending');
    expect(finish(first).promoted.sort()).toEqual([...created].sort());
  });

  it('task_readiness agrees with incremental promotion', () => {
    const a = add('a');
    const b = add('b', { after: [a] });
    add('c', { after: [b] });
    finish(a);
    const rows = g.stmt('SELECT id, status, unmet_deps, promotable FROM task_readiness ORDER BY id').all() as { promotable: number }[];
    expect(rows.length).toBe(3);
    expect(rows.every((r) => r.promotable === 0)).toBe(true);
  });
});

describe('cycles', () => {
  it('an edge closing a cycle is refused, naming every task on it', () => {
    const a = add('alpha');
    const b = add('beta', { after: [a] });
    const c = add('gamma', { after: [b] });
    let message = '';
    try {
      dep(c, a);
    } catch (e) {
      message = (e as Error).message;
      expect((e as { fix?: string }).fix).toMatch(/dep rm/);
    }
    expect(message).toContain(`${c} (gamma) → ${a} (alpha) → ${b} (beta) → ${c} (gamma)`);
    expect(() => dep(a, a)).toThrow(/itself/);
  });

  it('an edge from a composite parent to its own child is a cycle', () => {
    const p = add('parent');
    const { created } = ops.splitTask(g, p, [{ key: '1', title: 'child', after: [], inputs: [] }], {}).result;
    expect(() => dep(p, created[0])).toThrow(/cycle/);
  });

  it('a suggests edge cannot close a cycle either', () => {
    const a = add('a');
    const b = add('b', { after: [a] });
    expect(() => dep(b, a, 'suggests')).toThrow(/cycle/);
  });

  it('a spec whose tasks depend on each other in a circle is refused and nothing is created', () => {
    const p = add('p');
    const before = g.stmt('SELECT count(*) AS n FROM tasks').get();
    expect(() =>
      ops.decomposeTask(g, p, [
        { key: 'x', title: 'x', after: ['y'], inputs: [] },
        { key: 'y', title: 'y', after: ['x'], inputs: [] },
      ], {}),
    ).toThrow(/cycle/);
    expect(g.stmt('SELECT count(*) AS n FROM tasks').get()).toEqual(before);
    expect(g.mustRow(p).kind).toBe('task');
  });
});

describe('handoff', () => {
  it('go returns the results of every feeds_into upstream, with who produced them; blocks and suggests are not handed off', () => {
    const schema = add('Design schema');
    const api = add('Design API');
    const order = add('Pick order');
    const hint = add('Hint');
    const impl = add('Implement', { feedsFrom: [schema, api], after: [order] });
    dep(hint, impl, 'suggests');
    g.tx(() => t.claim(g, schema, A('agent-a')));
    g.tx(() => t.done(g, schema, A('agent-a'), { result: { schema: 'users(id INT, name TEXT)' } }));
    g.tx(() => t.done(g, api, A('agent-b'), { result: { endpoints: ['/users'] } }));
    finish(order, { ignored: true });
    finish(hint, { also: 'ignored' });
    for (const id of ops.list(g, { ready: true }).map((x) => x.id)) if (id !== impl) ops.cancel(g, id, {});
    const r = ops.go(g, { agent: 'agent-c' });
    expect(r.task?.id).toBe(impl);
    expect(r.handoff.map((h) => ({ from: h.from, title: h.title, agent: h.agent, result: h.result, status: h.status })).sort((x, y) => x.title.localeCompare(y.title))).toEqual([
      { from: api, title: 'Design API', agent: 'agent-b', result: { endpoints: ['/users'] }, status: 'done' },
      { from: schema, title: 'Design schema', agent: 'agent-a', result: { schema: 'users(id INT, name TEXT)' }, status: 'done' },
    ]);
  });

  it('a plain-text result is kept as a JSON string', () => {
    const a = add('a');
    const b = add('b', { feedsFrom: [a] });
    ops.done(g, a, { agent: 'w', result: 'looks good' });
    expect(ops.show(g, b).handoff[0].result).toBe('looks good');
  });
});

describe('subtasks added one by one', () => {
  it('add --parent makes the parent composite, later children inherit its edges, and it rolls up', () => {
    const first = add('first');
    const parent = add('parent', { after: [first] });
    const c1 = add('child 1', { parent });
    const c2 = add('child 2', { parent });
    expect(g.mustRow(parent).kind).toBe('composite');
    expect([c1, c2].map((id) => statusOf(g, id))).toEqual(['pending', 'pending']);
    expect(finish(first).promoted.sort()).toEqual([c1, c2].sort());
    finish(c1);
    finish(c2);
    expect(statusOf(g, parent)).toBe('done');
    expect(() => add('too late', { parent })).toThrow(/finished/);
  });
});

describe('the acyclicity invariant', () => {
  it('finds a cycle written behind the engine\'s back (raw SQL), including through a parent link', () => {
    const a = add('a');
    const b = add('b', { after: [a] });
    expect(engine.invariants.tasksOnCycles(g)).toEqual([]);
    g.stmt('INSERT INTO dependencies (from_task, to_task) VALUES (?, ?)').run(b, a);
    expect(engine.invariants.tasksOnCycles(g).sort()).toEqual([a, b].sort());
    g.stmt('DELETE FROM dependencies WHERE from_task = ? AND to_task = ?').run(b, a);
    const p = add('parent');
    const { created } = ops.splitTask(g, p, [{ key: '1', title: 'child', after: [], inputs: [] }], {}).result;
    g.stmt('INSERT INTO dependencies (from_task, to_task) VALUES (?, ?)').run(p, created[0]);
    expect(engine.invariants.tasksOnCycles(g).sort()).toEqual([p, created[0]].sort());
    g.stmt('DELETE FROM dependencies WHERE from_task = ? AND to_task = ?').run(p, created[0]);
  });
});
