// Dependency edges: FROM must finish before TO. Adding an edge that would close a cycle is refused
// with the cycle spelled out. A child counts as finishing before its composite parent, so an edge
// from a parent to its own descendant is a cycle too.
import { cmd, fix, UserError } from '../core/errors';
import { DEP_CONDITIONS, DEP_KINDS, DepCondition, DepKind, Graph, NOW, STARTED, SUCCEEDED } from './graph';
import { hasUnmetDeps, promoteIfReady } from './promote';

export interface DepRow {
  id: number;
  from_task: string;
  to_task: string;
  kind: DepKind;
  condition: DepCondition | null;
  created_at: string;
}

/** Tasks that must finish after `id`: its dependents, and its parent (which rolls up from it). */
function after(g: Graph, id: string): string[] {
  const deps = g.stmt('SELECT to_task AS id FROM dependencies WHERE from_task = ?').all(id) as { id: string }[];
  const parent = g.stmt('SELECT parent_task_id AS id FROM tasks WHERE id = ? AND parent_task_id IS NOT NULL').get(id) as { id: string } | undefined;
  return [...deps.map((d) => d.id), ...(parent ? [parent.id] : [])];
}

/** The path start → … → goal along "finishes before" links, or null when goal is unreachable. */
export function pathBetween(g: Graph, start: string, goal: string): string[] | null {
  // One recursive query answers "reachable?" in C; the JS walk only runs to name a cycle.
  const reachable = g.stmt(g.store.query('reachable')).get({ start, goal });
  if (!reachable) return null;
  const previous = new Map<string, string | null>([[start, null]]);
  const queue = [start];
  while (queue.length) {
    const cur = queue.shift()!;
    if (cur === goal) break;
    for (const next of after(g, cur)) {
      if (previous.has(next)) continue;
      previous.set(next, cur);
      queue.push(next);
    }
  }
  const path: string[] = [];
  for (let at: string | null | undefined = goal; at; at = previous.get(at)) path.unshift(at);
  return path;
}

export function parseKind(kind: string | undefined): DepKind {
  const k = (kind ?? 'blocks').replace(/-/g, '_') as DepKind;
  if (!DEP_KINDS.includes(k)) throw new UserError(`unknown dependency kind "${kind}"`, `use one of: ${DEP_KINDS.join(', ')}`, 2, 'kind');
  return k;
}

export function parseCondition(c: string | undefined | null): DepCondition | null {
  if (c === undefined || c === null || c === '') return null;
  const v = c.replace(/-/g, '_') as DepCondition;
  if (!DEP_CONDITIONS.includes(v)) throw new UserError(`unknown dependency condition "${c}"`, `use one of: ${DEP_CONDITIONS.join(', ')}`, 2, 'condition');
  return v;
}

function titles(g: Graph, ids: string[]): string {
  return ids.map((id) => `${id} (${g.row(id)?.title ?? '?'})`).join(' → ');
}

export interface AddDepOptions {
  kind?: DepKind;
  condition?: DepCondition | null;
  /** Skip the "TO already started" refusal (plan adaptation rewires edges deliberately). */
  allowStarted?: boolean;
}

/** Add FROM → TO. Returns whether TO went back from ready to pending. */
export function addDep(g: Graph, from: string, to: string, opts: AddDepOptions = {}): { dep: DepRow; blocked: boolean; existed: boolean } {
  const kind = opts.kind ?? 'blocks';
  if (from === to) throw new UserError(`a task cannot depend on itself (${from})`, 'pick two different tasks', 2);
  const f = g.mustRow(from);
  const t = g.mustRow(to);
  if (f.project_id !== t.project_id) throw new UserError(`${from} and ${to} are in different projects`, 'dependencies stay inside one project', 2);
  const existing = g.stmt('SELECT * FROM dependencies WHERE from_task = ? AND to_task = ?').get(from, to) as DepRow | undefined;
  if (existing) {
    if (existing.kind === kind && (existing.condition ?? null) === (opts.condition ?? null)) return { dep: existing, blocked: false, existed: true };
    throw new UserError(
      `${from} → ${to} already exists as ${existing.kind}${existing.condition ? ` (${existing.condition})` : ''}`,
      fix`remove it first: ${cmd('task dep rm', { from, to }, ['from', 'to'])}`,
    );
  }
  const cycle = pathBetween(g, to, from);
  if (cycle) {
    // The first link of the cycle that is an edge (a link may be child → composite parent instead).
    const links = cycle.slice(1).map((b, i) => [cycle[i], b]);
    const edge = links.find(([a, b]) => g.stmt('SELECT 1 FROM dependencies WHERE from_task = ? AND to_task = ?').get(a, b));
    throw new UserError(
      `adding ${from} → ${to} would close a cycle: ${titles(g, [from, ...cycle])}`,
      edge ? fix`drop one edge of the cycle first (${cmd('task dep rm', { from: edge[0], to: edge[1] }, ['from', 'to'])}), or reverse this one` : 'reverse this edge',
    );
  }
  const blocking = kind !== 'suggests';
  if (blocking && !opts.allowStarted && (STARTED as readonly string[]).includes(t.status)) {
    const satisfied = (SUCCEEDED as readonly string[]).includes(f.status);
    if (!satisfied) {
      throw new UserError(
        `${to} is already ${t.status}; a new blocking dependency on unfinished ${from} cannot hold it back`,
        fix`add it to a later task, make it soft (${cmd('task dep add', { from, to, kind: 'suggests' }, ['from', 'to'])}), or pause ${to} first (${cmd('task pause', { id: to }, ['id'])})`,
      );
    }
  }
  const dep = g
    .stmt(`INSERT INTO dependencies (from_task, to_task, kind, condition) VALUES (?, ?, ?, ?) RETURNING *`)
    .get(from, to, kind, opts.condition ?? null) as DepRow;
  g.event('dependency_added', to, { from, to, kind, condition: opts.condition ?? null }, null);
  let blocked = false;
  if (blocking && t.status === 'ready' && hasUnmetDeps(g, to)) {
    g.stmt(`UPDATE tasks SET status = 'pending', updated_at = ${NOW}, status_reason = 'dependency_added' WHERE id = ?`).run(to);
    blocked = true;
  }
  return { dep, blocked, existed: false };
}

/** Remove FROM → TO; TO becomes ready if that was its last unmet dependency. */
export function removeDep(g: Graph, from: string, to: string): { removed: boolean; promoted: boolean } {
  const r = g.stmt('DELETE FROM dependencies WHERE from_task = ? AND to_task = ? RETURNING kind').get(from, to) as { kind: string } | undefined;
  if (!r) {
    throw new UserError(`there is no dependency ${from} → ${to}`, fix`see the task's edges: ${cmd('task show', { id: to }, ['id'])}`);
  }
  g.event('dependency_removed', to, { from, to, kind: r.kind }, null);
  return { removed: true, promoted: promoteIfReady(g, to) };
}

export function upstream(g: Graph, id: string): (DepRow & { status: string; title: string })[] {
  return g
    .stmt(`SELECT d.*, u.status, u.title FROM dependencies d JOIN tasks u ON u.id = d.from_task WHERE d.to_task = ? ORDER BY d.id`)
    .all(id) as (DepRow & { status: string; title: string })[];
}

export function downstream(g: Graph, id: string): (DepRow & { status: string; title: string })[] {
  return g
    .stmt(`SELECT d.*, t.status, t.title FROM dependencies d JOIN tasks t ON t.id = d.to_task WHERE d.from_task = ? ORDER BY d.id`)
    .all(id) as (DepRow & { status: string; title: string })[];
}
