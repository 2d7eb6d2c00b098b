// Plan adaptation while work is in flight: insert, amend, pivot, split, decompose, replan.
// Each runs in one BEGIN IMMEDIATE transaction (the caller's), so a what-if can wrap any of them
// in a savepoint and roll back.
import { cmd, fix, UserError } from '../core/errors';
import { cancelSubtree, subtree } from './cancel';
import { addDep, DepRow } from './deps';
import { Graph, isTerminal, NOW, STARTED, TaskRow } from './graph';
import { insertTask, NewTask } from './new-task';
import { promoteIfReady, rollUp, settle } from './promote';
import { TaskSpec } from './spec';
import { taskColumns } from './sql';
import { redactStored } from './redact';

const isStarted = (status: string) => (STARTED as readonly string[]).includes(status);

function incoming(g: Graph, id: string): DepRow[] {
  return g.stmt('SELECT * FROM dependencies WHERE to_task = ? ORDER BY id').all(id) as DepRow[];
}

function outgoing(g: Graph, id: string): DepRow[] {
  return g.stmt('SELECT * FROM dependencies WHERE from_task = ? ORDER BY id').all(id) as DepRow[];
}

function moveEdge(g: Graph, e: DepRow, from: string, to: string): void {
  g.stmt('DELETE FROM dependencies WHERE id = ?').run(e.id);
  addDep(g, from, to, { kind: e.kind, condition: e.condition, allowStarted: true });
}

export interface CreatedBatch {
  created: string[];
  roots: string[];
  leaves: string[];
}

/**
 * Create tasks from specs under `parent`. Edges between specs come from after/inputs (by key, or
 * an existing task id); roots (no in-batch upstream) inherit `inheritFrom`'s incoming edges.
 */
export function createBatch(g: Graph, specs: TaskSpec[], opts: { parent: string | null; inheritFrom?: string; reason: string; exclude?: Set<string> }): CreatedBatch {
  const idByKey = new Map<string, string>();
  for (const s of specs) {
    const t: NewTask = { title: s.title, description: s.description, priority: s.priority, parent: opts.parent, reason: opts.reason };
    idByKey.set(s.key, insertTask(g, t, false));
  }
  const ref = (k: string) => idByKey.get(k) ?? g.resolve(k);
  const hasBatchUpstream = new Set<string>();
  const hasBatchDownstream = new Set<string>();
  for (const s of specs) {
    const to = idByKey.get(s.key)!;
    for (const [list, kind] of [
      [s.after, 'blocks'],
      [s.inputs, 'feeds_into'],
    ] as const) {
      for (const k of list) {
        const from = ref(k);
        addDep(g, from, to, { kind, allowStarted: true });
        if (idByKey.has(k)) {
          hasBatchUpstream.add(to);
          hasBatchDownstream.add(from);
        }
      }
    }
  }
  const created = [...idByKey.values()];
  const roots = created.filter((id) => !hasBatchUpstream.has(id));
  const leaves = created.filter((id) => !hasBatchDownstream.has(id));
  if (opts.inheritFrom) {
    for (const e of incoming(g, opts.inheritFrom)) {
      if (opts.exclude?.has(e.from_task)) continue;
      for (const r of roots) {
        if (!g.stmt('SELECT 1 FROM dependencies WHERE from_task = ? AND to_task = ?').get(e.from_task, r)) {
          addDep(g, e.from_task, r, { kind: e.kind, condition: e.condition, allowStarted: true });
        }
      }
    }
  }
  for (const id of created) promoteIfReady(g, id);
  return { created, roots, leaves };
}

function refuseFinished(r: TaskRow, verb: string): void {
  if (isTerminal(r.status)) {
    throw new UserError(`${r.id} is ${r.status}; a finished task cannot be ${verb}`, fix`add a new task after it instead: ${cmd('task add', { title: `Follow up: ${r.title}`, after: r.id }, ['title'])}`);
  }
}

export interface InsertOptions extends NewTask {
  after?: string;
  before?: string;
}

/** Add a step between two tasks (or after one / before one), rewiring the edges through it. */
export function insert(g: Graph, o: InsertOptions): { id: string; rewired: number } {
  if (!o.after && !o.before) {
    throw new UserError('insert needs --after A, --before B, or both', fix`for example: ${cmd('task insert', { title: o.title, after: 't-parse', before: 't-save' }, ['title'])}`, 2, 'after');
  }
  const a = o.after ? g.mustRow(o.after) : null;
  const b = o.before ? g.mustRow(o.before) : null;
  if (b && isStarted(b.status)) {
    throw new UserError(`${b.id} is already ${b.status}; a step cannot be inserted before started work`, fix`insert before a later task, or pause it first: ${cmd('task pause', { id: b.id }, ['id'])}`);
  }
  if (b?.status === 'cancelled') throw new UserError(`${b.id} is cancelled`, 'insert before a live task');
  const parent = b?.parent_task_id ?? a?.parent_task_id ?? null;
  const id = insertTask(g, { ...o, parent, reason: 'insert' }, false);
  let rewired = 0;
  if (a && b) {
    const edge = g.stmt('SELECT * FROM dependencies WHERE from_task = ? AND to_task = ?').get(a.id, b.id) as DepRow | undefined;
    const kind = edge?.kind === 'feeds_into' ? 'feeds_into' : 'blocks';
    if (edge) {
      g.stmt('DELETE FROM dependencies WHERE id = ?').run(edge.id);
      rewired = 1;
    }
    addDep(g, a.id, id, { kind, condition: edge?.condition ?? null, allowStarted: true });
    addDep(g, id, b.id, { kind, allowStarted: true });
  } else if (a) {
    const moved = outgoing(g, a.id).filter((e) => e.kind !== 'suggests' && !isStarted(g.row(e.to_task)!.status) && g.row(e.to_task)!.status !== 'cancelled');
    for (const e of moved) moveEdge(g, e, id, e.to_task);
    rewired = moved.length;
    addDep(g, a.id, id, { kind: moved.some((e) => e.kind === 'feeds_into') ? 'feeds_into' : 'blocks', allowStarted: true });
  } else if (b) {
    const moved = incoming(g, b.id).filter((e) => e.kind !== 'suggests');
    for (const e of moved) moveEdge(g, e, e.from_task, id);
    rewired = moved.length;
    addDep(g, id, b.id, { kind: 'blocks', allowStarted: true });
  }
  promoteIfReady(g, id);
  if (b) promoteIfReady(g, b.id);
  if (parent) rollUp(g, parent);
  g.event('plan_insert', id, { after: a?.id ?? null, before: b?.id ?? null, rewired }, null);
  return { id, rewired };
}

/** Prepend context to a task's description (non-destructive; still previewable with what-if). */
export function amend(g: Graph, id: string, text: string, agent: string | null): TaskRow {
  const r = g.mustRow(id);
  if (!text?.trim()) {
    throw new UserError('amend needs the text to prepend', fix`for example: ${cmd('task amend', { id, text: 'The API needs OAuth, not API keys' }, ['id', 'text'])}`, 2, 'text');
  }
  refuseFinished(r, 'amended');
  text = redactStored(text);
  const row = g
    .stmt(
      `UPDATE tasks SET description = '[amended ' || ${NOW} || '] ' || @text || CASE WHEN description = '' THEN '' ELSE @gap || description END,
         updated_at = ${NOW} WHERE id = @id RETURNING ${taskColumns()}`,
    )
    .get({ id, text: text.trim(), gap: '\n\n' }) as TaskRow;
  g.event('task_amended', id, { text: text.trim(), status: r.status }, agent);
  return row;
}

/** Replace a task and everything under it with new tasks: the old subtree is cancelled. */
export function pivot(g: Graph, id: string, specs: TaskSpec[], reason: string | null): { cancelled: string[]; created: string[] } {
  const r = g.mustRow(id);
  refuseFinished(r, 'pivoted');
  const old = new Set(subtree(g, id));
  const batch = createBatch(g, specs, { parent: r.parent_task_id, inheritFrom: id, reason: 'pivot', exclude: old });
  // The old task's dependents now wait for the replacements' leaves instead.
  for (const e of outgoing(g, id)) {
    if (old.has(e.to_task)) continue;
    g.stmt('DELETE FROM dependencies WHERE id = ?').run(e.id);
    for (const leaf of batch.leaves) addDep(g, leaf, e.to_task, { kind: e.kind, condition: e.condition, allowStarted: true });
  }
  reason = redactStored(reason);
  const cancelled = cancelSubtree(g, id, reason ? `pivot: ${reason}` : 'pivot');
  g.event('plan_pivot', id, { cancelled, created: batch.created, reason }, null);
  if (r.parent_task_id) rollUp(g, r.parent_task_id);
  return { cancelled, created: batch.created };
}

function makeComposite(g: Graph, r: TaskRow): void {
  g.stmt(
    `UPDATE tasks SET kind = 'composite', lease_expires_at = NULL, updated_at = ${NOW}, status_reason = 'decomposed',
       status = CASE WHEN status IN ('claimed', 'running') THEN 'running' ELSE 'pending' END,
       started_at = CASE WHEN status IN ('claimed', 'running') THEN coalesce(started_at, ${NOW}) ELSE started_at END
     WHERE id = ?`,
  ).run(r.id);
}

/** Create subtasks under a task; the task becomes composite and rolls up from them. */
export function decompose(g: Graph, id: string, specs: TaskSpec[], via: 'decompose' | 'split' = 'decompose'): { parent: string; created: string[] } {
  const r = g.mustRow(id);
  refuseFinished(r, via === 'split' ? 'split' : 'decomposed');
  const live = g.stmt(`SELECT count(*) AS n FROM tasks WHERE parent_task_id = ? AND status <> 'cancelled'`).get(id) as { n: number };
  if (live.n > 0) throw new UserError(`${id} already has ${live.n} live subtask(s)`, fix`replace the ones not started: ${cmd('task replan', { id, spec: 'plan.yaml' }, ['id'])}`);
  makeComposite(g, r);
  const created = addSubtasks(g, id, specs, via);
  g.event('task_decomposed', id, { via, children: created }, r.agent_id);
  return { parent: id, created };
}

/** More subtasks under a composite task: they inherit its blocking edges, and it rolls up again. */
export function addSubtasks(g: Graph, parentId: string, specs: TaskSpec[], reason: string): string[] {
  refuseFinished(g.mustRow(parentId), 'given subtasks');
  const batch = createBatch(g, specs, { parent: parentId, inheritFrom: parentId, reason });
  rollUp(g, parentId);
  return batch.created;
}

/** Cancel a composite task's subtasks that have not started and create new ones. */
export function replan(g: Graph, id: string, specs: TaskSpec[]): { cancelled: string[]; created: string[]; kept: string[] } {
  const r = g.mustRow(id);
  refuseFinished(r, 'replanned');
  if (r.kind !== 'composite') throw new UserError(`${id} has no subtasks to replan`, fix`create them with: ${cmd('task decompose', { id, spec: 'plan.yaml' }, ['id'])}`);
  const children = g.stmt('SELECT id, status FROM tasks WHERE parent_task_id = ?').all(id) as { id: string; status: string }[];
  // New subtasks first, so the parent never passes through "all children cancelled".
  const batch = createBatch(g, specs, { parent: id, inheritFrom: id, reason: 'replan' });
  const cancelled: string[] = [];
  const kept: string[] = [];
  for (const c of children) {
    if (c.status === 'pending' || c.status === 'ready') cancelled.push(...cancelSubtree(g, c.id, 'replan'));
    else if (c.status !== 'cancelled') kept.push(c.id);
  }
  rollUp(g, id);
  settle(g, id);
  g.event('task_replanned', id, { cancelled, created: batch.created, kept }, null);
  return { cancelled, created: batch.created, kept };
}
