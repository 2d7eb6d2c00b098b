// Plan adaptation (insert, amend, pivot, split, decompose, replan, cancel) and the what-if of each:
// the report names what would be cancelled, stranded or interrupted, and the database content
// is byte-for-byte the same afterwards.
import { beforeEach, describe, expect, it } from 'vitest';
import { A, dump, engine, eventTypes, Graph, statusOf, useFreshGraph } from './helpers';

const { t, ops } = engine;
const fresh = useFreshGraph();
let g: Graph;
beforeEach(() => (g = fresh.get()));

const { add, finish } = fresh;
const spec = (...titles: string[]) => titles.map((title, i) => ({ key: `k${i}`, title, after: [] as string[], inputs: [] as string[] }));
const edges = () => (g.stmt('SELECT from_task, to_task, kind FROM dependencies ORDER BY from_task, to_task').all() as { from_task: string; to_task: string; kind: string }[]);

/** Run the op as a what-if, assert nothing changed, return the report. */
function preview<R>(fn: (whatIf: true) => { what_if: boolean; report?: unknown; result: R }) {
  const before = dump(g);
  const m = fn(true);
  expect(m.what_if).toBe(true);
  expect(dump(g)).toBe(before);
  return m as { report: import('../../state/what-if').WhatIfReport; result: R };
}

describe('insert', () => {
  it('between two tasks: the edge is rewired through the new step, keeping its kind', () => {
    const parse = add('parse');
    const save = add('save', { feedsFrom: [parse] });
    const p = preview((w) => ops.insertStep(g, 'validate', { after: parse, before: save, whatIf: w }));
    expect(p.report.created.map((c) => c.title)).toEqual(['validate']);
    const { task } = ops.insertStep(g, 'validate', { after: parse, before: save }).result;
    expect(edges()).toEqual(
      [
        { from_task: parse, to_task: task.id, kind: 'feeds_into' },
        { from_task: task.id, to_task: save, kind: 'feeds_into' },
      ].sort((a, b) => (a.from_task + a.to_task).localeCompare(b.from_task + b.to_task)),
    );
    finish(parse);
    expect(statusOf(g, task.id)).toBe('ready');
    expect(statusOf(g, save)).toBe('pending');
    expect(eventTypes(g, task.id)).toContain('plan_insert');
  });

  it('after one task: takes over its outgoing edges; before one: takes over its incoming edges', () => {
    const a = add('a');
    const b = add('b', { after: [a] });
    const c = add('c', { after: [a] });
    const n = ops.insertStep(g, 'after a', { after: a }).result.task.id;
    expect(edges().filter((e) => e.from_task === a).map((e) => e.to_task)).toEqual([n]);
    expect(edges().filter((e) => e.from_task === n).map((e) => e.to_task).sort()).toEqual([b, c].sort());
    const m = ops.insertStep(g, 'before c', { before: c }).result.task.id;
    expect(edges().filter((e) => e.to_task === c).map((e) => e.from_task)).toEqual([m]);
    expect(edges().filter((e) => e.to_task === m).map((e) => e.from_task)).toEqual([n]);
  });

  it('refuses to insert before work that has started, and needs --after or --before', () => {
    const a = add('a');
    const b = add('b');
    ops.go(g, { agent: 'w' });
    expect(() => ops.insertStep(g, 'x', { after: b, before: a })).toThrow(/already running/);
    expect(() => ops.insertStep(g, 'x', {})).toThrow(/--after/);
  });
});

describe('amend', () => {
  it('prepends context; a what-if on a running task reports the running work it touches', () => {
    const a = add('build', { description: 'use REST' });
    ops.go(g, { agent: 'builder' });
    const p = preview((w) => ops.amendTask(g, a, 'The API requires OAuth', { whatIf: w }));
    expect(p.report.running_affected).toEqual([expect.objectContaining({ id: a, agent: 'builder', change: 'task_amended' })]);
    const t2 = ops.amendTask(g, a, 'The API requires OAuth', {}).result;
    expect(t2.description).toMatch(/^\[amended [0-9T:.-]+Z\] The API requires OAuth\n\nuse REST$/);
    g.tx(() => t.done(g, a, A('builder')));
    expect(() => ops.amendTask(g, a, 'too late', {})).toThrow(/finished/);
  });
});

describe('cancel', () => {
  it('what-if names cancelled, stranded and running work; then cancel does exactly that', () => {
    const root = add('root');
    const { created } = ops.decomposeTask(g, root, spec('child 1', 'child 2'), {}).result;
    const downstream = add('needs root', { after: [root] });
    const further = add('needs that', { after: [downstream] });
    const running = ops.go(g, { agent: 'w1' }).task!.id;
    const p = preview((w) => ops.cancel(g, root, { whatIf: w }));
    expect(p.report.cancelled.map((c) => c.id).sort()).toEqual([root, ...created].sort());
    expect(p.report.stranded.map((s) => s.id).sort()).toEqual([downstream, further].sort());
    expect(p.report.running_affected.map((r) => r.id)).toEqual([running]);
    const real = ops.cancel(g, root, {}).result;
    expect(real.cancelled.sort()).toEqual(p.report.cancelled.map((c) => c.id).sort());
  });
});

describe('pivot', () => {
  it('cancels the subtree, creates replacements with the old upstream, rewires dependents to them', () => {
    const design = add('design');
    const rest = add('REST API', { after: [design] });
    ops.splitTask(g, rest, spec('endpoints', 'auth'), {});
    const client = add('client', { feedsFrom: [rest] });
    const p = preview((w) => ops.pivotTask(g, rest, [
      { key: 's', title: 'GraphQL schema', after: [], inputs: [] },
      { key: 'r', title: 'resolvers', after: ['s'], inputs: [] },
    ], { reason: 'REST will not work', whatIf: w }));
    expect(p.report.cancelled.length).toBe(3);
    expect(p.report.stranded).toEqual([]);
    expect(p.report.created.map((c) => c.title)).toEqual(['GraphQL schema', 'resolvers']);
    const r = ops.pivotTask(g, rest, [
      { key: 's', title: 'GraphQL schema', after: [], inputs: [] },
      { key: 'r', title: 'resolvers', after: ['s'], inputs: [] },
    ], { reason: 'REST will not work' }).result;
    const [schema, resolvers] = r.created;
    expect(statusOf(g, rest)).toBe('cancelled');
    expect(edges()).toContainEqual({ from_task: design, to_task: schema, kind: 'blocks' });
    expect(edges()).toContainEqual({ from_task: resolvers, to_task: client, kind: 'feeds_into' });
    expect(edges().some((e) => e.from_task === rest && e.to_task === client)).toBe(false);
    finish(design);
    expect(statusOf(g, schema)).toBe('ready');
    finish(schema);
    finish(resolvers, { api: 'graphql' });
    expect(statusOf(g, client)).toBe('ready');
    expect(ops.show(g, client).handoff.map((h) => h.result)).toEqual([{ api: 'graphql' }]);
    expect(eventTypes(g, rest)).toContain('plan_pivot');
  });

  it('what-if of a pivot of running work reports the agent it would interrupt', () => {
    const a = add('a');
    ops.go(g, { agent: 'busy' });
    const p = preview((w) => ops.pivotTask(g, a, spec('b'), { whatIf: w }));
    expect(p.report.running_affected).toEqual([expect.objectContaining({ id: a, agent: 'busy', was: 'running', now: 'cancelled' })]);
  });
});

describe('split and decompose', () => {
  it('split --chain: parts run in order, the task becomes composite and its dependents wait for all parts', () => {
    const auth = add('auth');
    const deploy = add('deploy', { after: [auth] });
    const p = preview((w) => ops.splitTask(g, auth, ops.specsFrom({ titles: ['login', 'signup', 'forgot password'], chain: true }), { whatIf: w }));
    expect(p.report.created.length).toBe(3);
    const { created } = ops.splitTask(g, auth, ops.specsFrom({ titles: ['login', 'signup', 'forgot password'], chain: true }), {}).result;
    expect(created.map((id) => statusOf(g, id))).toEqual(['ready', 'pending', 'pending']);
    for (const id of created) finish(id);
    expect(statusOf(g, auth)).toBe('done');
    expect(statusOf(g, deploy)).toBe('ready');
    expect(eventTypes(g, auth)).toContain('task_decomposed');
  });

  it('decompose from YAML and from JSON: keys, after (blocks) and inputs (feeds_into)', () => {
    const yamlParent = add('tests (yaml)');
    const yaml = `tasks:\n  - key: unit\n    title: unit tests\n    priority: 2\n  - key: int\n    title: integration tests\n    after: [unit]\n  - title: report\n    inputs: [unit, int]\n`;
    const r = ops.decomposeTask(g, yamlParent, ops.specsFrom({ specText: yaml }), {}).result;
    expect(r.created.map((id) => g.mustRow(id).title)).toEqual(['unit tests', 'integration tests', 'report']);
    expect(g.mustRow(r.created[0]).priority).toBe(2);
    expect(edges()).toContainEqual({ from_task: r.created[0], to_task: r.created[1], kind: 'blocks' });
    expect(edges()).toContainEqual({ from_task: r.created[1], to_task: r.created[2], kind: 'feeds_into' });
    const jsonParent = add('tests (json)');
    const json = JSON.stringify(['one', { title: 'two', after: ['#1'] }]);
    const j = ops.decomposeTask(g, jsonParent, ops.specsFrom({ specText: json }), {}).result;
    expect(edges()).toContainEqual({ from_task: j.created[0], to_task: j.created[1], kind: 'blocks' });
  });

  it('refuses a second decompose (fix: replan), bad specs, and finished tasks', () => {
    const p = add('p');
    ops.decomposeTask(g, p, spec('a'), {});
    expect(() => ops.decomposeTask(g, p, spec('b'), {})).toThrow(/already has 1 live subtask/);
    const q = add('q');
    expect(() => ops.specsFrom({ specText: 'tasks: [{nope: 1}]' })).toThrow(/unknown field/);
    expect(() => ops.specsFrom({ specText: '{' })).toThrow(/not valid YAML or JSON/);
    expect(() => ops.specsFrom({ specText: '[]' })).toThrow(/no tasks/);
    finish(q);
    expect(() => ops.decomposeTask(g, q, spec('x'), {})).toThrow(/finished/);
  });
});

describe('replan', () => {
  it('cancels subtasks that have not started, keeps started ones, creates the new plan', () => {
    const p = add('tests');
    const { created } = ops.decomposeTask(g, p, spec('old 1', 'old 2', 'old 3'), {}).result;
    const started = ops.go(g, { agent: 'w' }).task!.id;
    expect(created).toContain(started);
    const newSpec = spec('new 1', 'new 2');
    const pr = preview((w) => ops.replanTask(g, p, newSpec, { whatIf: w }));
    expect(pr.report.cancelled.map((c) => c.id).sort()).toEqual(created.filter((id) => id !== started).sort());
    expect(pr.report.running_affected).toEqual([]);
    const r = ops.replanTask(g, p, newSpec, {}).result;
    expect(r.kept).toEqual([started]);
    expect(r.created.map((id) => g.mustRow(id).title)).toEqual(['new 1', 'new 2']);
    expect(eventTypes(g, p)).toContain('task_replanned');
    for (const id of [started, ...r.created]) finish(id);
    expect(statusOf(g, p)).toBe('done');
  });

  it('refuses a task without subtasks (fix: decompose)', () => {
    const p = add('p');
    expect(() => ops.replanTask(g, p, spec('x'), {})).toThrow(/no subtasks/);
  });
});

describe('what-if of the other writes', () => {
  it('done, fail, pause, retry, dep add, dep rm, add: each previews and changes nothing', () => {
    const a = add('a');
    const b = add('b', { after: [a] });
    const c = add('c');
    preview((w) => ops.add(g, 'new', { whatIf: w }));
    const d = preview((w) => ops.done(g, a, { agent: 'w', whatIf: w }));
    expect(d.report.changes).toContainEqual(expect.objectContaining({ task_id: b, from: 'pending', to: 'ready' }));
    preview((w) => ops.depAdd(g, c, b, { whatIf: w }));
    preview((w) => ops.depRm(g, a, b, { whatIf: w }));
    ops.go(g, { agent: 'w' });
    preview((w) => ops.fail(g, a, 'x', { agent: 'w', whatIf: w }));
    preview((w) => ops.pause(g, a, { agent: 'w', whatIf: w }));
    ops.fail(g, a, 'x', { agent: 'w' });
    const f = preview((w) => ops.retry(g, a, { whatIf: w }));
    expect(f.report.changes).toContainEqual(expect.objectContaining({ task_id: a, from: 'failed', to: 'ready' }));
  });

  it('a refused command inside a what-if also leaves nothing behind', () => {
    const a = add('a');
    const b = add('b', { after: [a] });
    const before = dump(g);
    expect(() => ops.depAdd(g, b, a, { whatIf: true })).toThrow(/cycle/);
    expect(dump(g)).toBe(before);
    expect(g.store.inTransaction).toBe(false);
  });

  it('a 50-task pivot what-if at 5k tasks reports 50 cancellations', () => {
    g.tx(() => {
      let prev: string | null = null;
      for (let i = 0; i < 5000; i++) {
        const id = t.insertTask(g, { title: `t${i}` }, prev === null || i % 100 === 0);
        if (prev && i % 100 !== 0) g.stmt('INSERT INTO dependencies (from_task, to_task) VALUES (?, ?)').run(prev, id);
        prev = id;
      }
    });
    const root = add('pivot root');
    ops.decomposeTask(g, root, spec(...Array.from({ length: 49 }, (_, i) => `sub ${i}`)), {});
    const p = preview((w) => ops.pivotTask(g, root, spec('replacement'), { whatIf: w }));
    expect(p.report.cancelled.length).toBe(50);
  });
});
