// The task-graph operations as commands see them, shared by the CLI and the MCP server: resolve
// ids, run the write in one BEGIN IMMEDIATE transaction (or inside a what-if that rolls back),
// sweep expired leases on the way, and return plain JSON-able results.
import * as fs from 'node:fs';
import { UserError } from '../core/errors';
import { actor } from './agent';
import { addDep, parseCondition, parseKind, removeDep } from './deps';
import { Graph, Task, toTask, TaskRow } from './graph';
import { handoff, HandoffEntry } from './handoff';
import { runChecks } from './invariants';
import { sweep, SweepResult } from './leases';
import { addSubtasks, amend, decompose, insert, pivot, replan } from './plan';
import { promoteIfReady } from './promote';
import { listEvents, listTasks, ListFilter, projectStatus, readyList, showTask } from './queries';
import { parseSpecText, specsFromTitles, TaskSpec } from './spec';
import * as T from './transitions';
import { whatIf, WhatIfReport } from './what-if';

export interface ActorOptions {
  agent?: string;
  force?: boolean;
}

export type Mutation<R> = { what_if: false; result: R } | { what_if: true; result: R; report: WhatIfReport };

/** Run a write for real (one IMMEDIATE transaction) or as a what-if (rolled back, with a report). */
export function mutate<R>(g: Graph, preview: boolean | undefined, fn: () => R): Mutation<R> {
  if (preview) {
    const { result, report } = whatIf(g, fn);
    return { what_if: true, result, report };
  }
  return { what_if: false, result: g.tx(fn) };
}

/** Opportunistic sweep: a cheap read of the lease index, a write only when a lease expired. */
export function sweepIfDue(g: Graph): SweepResult {
  return sweep(g);
}

export function parseResult(text: string | undefined): unknown {
  if (text === undefined) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    // Agents often pass plain words: keep them, as a JSON string, rather than refuse the work.
    return text;
  }
}

export function readSpec(file: string | undefined, inline?: string): TaskSpec[] {
  if (inline !== undefined) return parseSpecText(inline, 'the spec');
  if (!file) throw new UserError('a spec is needed', 'pass --spec plan.yaml (or --spec - to read stdin)', 2);
  let text: string;
  try {
    text = fs.readFileSync(file === '-' ? 0 : file, 'utf8');
  } catch (e) {
    throw new UserError(`cannot read ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`, 'check the path to the spec file', 2);
  }
  return parseSpecText(text, file === '-' ? 'stdin' : file);
}

export interface GoResult {
  task: Task | null;
  handoff: HandoffEntry[];
  message: string;
  swept?: SweepResult;
}

/** Claim and start the best ready task, with the results of its feeds_into upstreams. */
export function go(g: Graph, o: ActorOptions): GoResult {
  const swept = sweepIfDue(g);
  const a = actor(o);
  const claimed = g.tx(() => T.claimAndStartNext(g, a));
  const row = claimed ? toTask(claimed) : null;
  if (!row) {
    const s = projectStatus(g);
    const c = s.counts;
    const why =
      s.total === 0
        ? 'the task graph is empty: add work with `agentdag task add "…"`'
        : c.pending > 0
          ? `${c.pending} task(s) wait on unfinished work (${c.running + c.claimed} in progress)`
          : c.running + c.claimed > 0
            ? `${c.running + c.claimed} task(s) are in progress by other agents; nothing else is left`
            : 'all work is finished';
    return { task: null, handoff: [], message: `nothing is ready: ${why}`, swept };
  }
  return { task: row, handoff: handoff(g, row.id), message: `started ${row.id}: ${row.title}`, swept };
}

export interface AddOptions {
  description?: string;
  priority?: number;
  parent?: string;
  after?: string[];
  feedsFrom?: string[];
  tags?: string[];
  maxRetries?: number;
  leaseSeconds?: number;
  whatIf?: boolean;
}

export function add(g: Graph, title: string, o: AddOptions = {}): Mutation<Task> {
  const parent = o.parent ? g.resolve(o.parent) : null;
  const after = (o.after ?? []).map((x) => g.resolve(x));
  const feeds = (o.feedsFrom ?? []).map((x) => g.resolve(x));
  return mutate(g, o.whatIf, () => {
    let id: string;
    if (parent) {
      const spec = [{ key: '#1', title, description: o.description, priority: o.priority, after: [], inputs: [] }];
      id = g.mustRow(parent).kind === 'composite' ? addSubtasks(g, parent, spec, 'add')[0] : decompose(g, parent, spec).created[0];
      if (o.maxRetries !== undefined || o.leaseSeconds !== undefined) {
        g.stmt('UPDATE tasks SET max_retries = coalesce(?, max_retries), lease_seconds = coalesce(?, lease_seconds) WHERE id = ?').run(o.maxRetries ?? null, o.leaseSeconds ?? null, id);
      }
    } else {
      const ready = after.length === 0 && feeds.length === 0;
      id = T.insertTask(g, { title, description: o.description, priority: o.priority, maxRetries: o.maxRetries, leaseSeconds: o.leaseSeconds }, ready);
    }
    for (const f of after) addDep(g, f, id, { kind: 'blocks' });
    for (const f of feeds) addDep(g, f, id, { kind: 'feeds_into' });
    for (const t of o.tags ?? []) g.stmt('INSERT OR IGNORE INTO task_tags (task_id, tag) VALUES (?, ?)').run(id, t);
    promoteIfReady(g, id);
    return toTask(g.mustRow(id));
  });
}

export function done(g: Graph, idInput: string, o: ActorOptions & { result?: string; partial?: boolean; whatIf?: boolean }) {
  const id = g.resolve(idInput);
  return mutate(g, o.whatIf, () => T.done(g, id, actor(o), { result: parseResult(o.result), partial: o.partial }));
}

export function claim(g: Graph, idInput: string | undefined, o: ActorOptions) {
  sweepIfDue(g);
  const a = actor(o);
  if (!idInput) {
    const row = g.tx(() => T.claimNext(g, a));
    return row ? toTask(row) : null;
  }
  const id = g.resolve(idInput);
  return g.tx(() => T.claim(g, id, a));
}

export function start(g: Graph, idInput: string, o: ActorOptions) {
  const id = g.resolve(idInput);
  return g.tx(() => T.start(g, id, actor(o)));
}

export function heartbeat(g: Graph, idInput: string, o: ActorOptions) {
  const id = g.resolve(idInput);
  return g.tx(() => T.heartbeat(g, id, actor(o)));
}

export function progress(g: Graph, idInput: string, percent: number, note: string | null, o: ActorOptions) {
  const id = g.resolve(idInput);
  return g.tx(() => T.progress(g, id, percent, note, actor(o)));
}

export function fail(g: Graph, idInput: string, error: string, o: ActorOptions & { whatIf?: boolean }) {
  const id = g.resolve(idInput);
  return mutate(g, o.whatIf, () => T.fail(g, id, error, actor(o)));
}

export function pause(g: Graph, idInput: string, o: ActorOptions & { whatIf?: boolean }) {
  const id = g.resolve(idInput);
  return mutate(g, o.whatIf, () => T.pause(g, id, actor(o)));
}

export function retry(g: Graph, idInput: string, o: { force?: boolean; whatIf?: boolean }) {
  const id = g.resolve(idInput);
  return mutate(g, o.whatIf, () => T.retry(g, id, o));
}

export function cancel(g: Graph, idInput: string, o: { reason?: string; whatIf?: boolean }) {
  const id = g.resolve(idInput);
  return mutate(g, o.whatIf, () => T.cancel(g, id, o.reason ?? null));
}

export function depAdd(g: Graph, fromInput: string, toInput: string, o: { kind?: string; condition?: string; whatIf?: boolean }) {
  const from = g.resolve(fromInput);
  const to = g.resolve(toInput);
  const kind = parseKind(o.kind);
  const condition = parseCondition(o.condition);
  return mutate(g, o.whatIf, () => addDep(g, from, to, { kind, condition }));
}

export function depRm(g: Graph, fromInput: string, toInput: string, o: { whatIf?: boolean }) {
  const from = g.resolve(fromInput);
  const to = g.resolve(toInput);
  return mutate(g, o.whatIf, () => removeDep(g, from, to));
}

export function insertStep(g: Graph, title: string, o: { after?: string; before?: string; description?: string; priority?: number; whatIf?: boolean }) {
  const after = o.after ? g.resolve(o.after) : undefined;
  const before = o.before ? g.resolve(o.before) : undefined;
  return mutate(g, o.whatIf, () => {
    const r = insert(g, { title, description: o.description, priority: o.priority, after, before });
    return { task: toTask(g.mustRow(r.id)), rewired: r.rewired };
  });
}

export function amendTask(g: Graph, idInput: string, text: string, o: ActorOptions & { whatIf?: boolean }) {
  const id = g.resolve(idInput);
  return mutate(g, o.whatIf, () => toTask(amend(g, id, text, actor(o).agent)));
}

/** Specs from --spec FILE, inline YAML/JSON, or plain titles. */
export function specsFrom(o: { spec?: string; specText?: string; titles?: string[]; chain?: boolean }): TaskSpec[] {
  if (o.spec || o.specText !== undefined) return readSpec(o.spec, o.specText);
  if (o.titles?.length) return specsFromTitles(o.titles, o.chain);
  throw new UserError('no tasks given', 'pass titles, or --spec plan.yaml (YAML or JSON; --spec - reads stdin)', 2);
}

export function pivotTask(g: Graph, idInput: string, specs: TaskSpec[], o: { reason?: string; whatIf?: boolean }) {
  const id = g.resolve(idInput);
  return mutate(g, o.whatIf, () => pivot(g, id, specs, o.reason ?? null));
}

export function splitTask(g: Graph, idInput: string, specs: TaskSpec[], o: { whatIf?: boolean }) {
  const id = g.resolve(idInput);
  return mutate(g, o.whatIf, () => decompose(g, id, specs, 'split'));
}

export function decomposeTask(g: Graph, idInput: string, specs: TaskSpec[], o: { whatIf?: boolean }) {
  const id = g.resolve(idInput);
  return mutate(g, o.whatIf, () => decompose(g, id, specs, 'decompose'));
}

export function replanTask(g: Graph, idInput: string, specs: TaskSpec[], o: { whatIf?: boolean }) {
  const id = g.resolve(idInput);
  return mutate(g, o.whatIf, () => replan(g, id, specs));
}

export function note(g: Graph, idInput: string, body: string, o: ActorOptions) {
  const id = g.resolve(idInput);
  if (!body?.trim()) throw new UserError('a note needs text', `agentdag task note ${id} "found the root cause"`, 2);
  return g.tx(() => {
    const a = actor(o);
    g.stmt('INSERT INTO task_notes (task_id, agent_id, body) VALUES (?, ?, ?)').run(id, a.agent, body);
    g.event('task_note', id, { body }, a.agent);
    return { task_id: id, agent: a.agent, body };
  });
}

export function tag(g: Graph, idInput: string, tags: string[], o: { remove?: boolean }) {
  const id = g.resolve(idInput);
  return g.tx(() => {
    for (const t of tags) {
      if (o.remove) g.stmt('DELETE FROM task_tags WHERE task_id = ? AND tag = ?').run(id, t);
      else g.stmt('INSERT OR IGNORE INTO task_tags (task_id, tag) VALUES (?, ?)').run(id, t);
    }
    const now = (g.stmt('SELECT tag FROM task_tags WHERE task_id = ? ORDER BY tag').all(id) as { tag: string }[]).map((r) => r.tag);
    // Every change to a task writes an event, so readers that copy tasks by event id (ingest) see it.
    g.event(o.remove ? 'task_untagged' : 'task_tagged', id, { tags, now }, null);
    return { task_id: id, tags: now };
  });
}

/** Record a file a task touched; report other live tasks that touched the same path (conflicts). */
export function touchFile(g: Graph, idInput: string, paths: string[], o: ActorOptions & { action?: string }) {
  const id = g.resolve(idInput);
  const action = o.action ?? 'modified';
  if (!['read', 'created', 'modified', 'deleted'].includes(action)) throw new UserError(`unknown action "${action}"`, 'use read, created, modified or deleted', 2);
  return g.tx(() => {
    const a = actor(o);
    const conflicts: { path: string; task_id: string; agent_id: string | null; status: string }[] = [];
    for (const p of paths) {
      g.stmt('INSERT INTO task_files (task_id, path, agent_id, action) VALUES (?, ?, ?, ?)').run(id, p, a.agent, action);
      conflicts.push(
        ...(g
          .stmt(
            `SELECT DISTINCT f.path, f.task_id, t.agent_id, t.status FROM task_files f JOIN tasks t ON t.id = f.task_id
             WHERE f.path = ? AND f.task_id <> ? AND f.action <> 'read' AND t.status IN ('claimed', 'running')`,
          )
          .all(p, id) as { path: string; task_id: string; agent_id: string | null; status: string }[]),
      );
    }
    g.event('task_files', id, { files: paths, action, conflicts: conflicts.length }, a.agent);
    return { task_id: id, files: paths, action, conflicts };
  });
}

export function artifact(g: Graph, idInput: string, name: string, uri: string, o: { mediaType?: string }) {
  const id = g.resolve(idInput);
  return g.tx(() => {
    let size: number | null = null;
    try {
      if (fs.existsSync(uri)) size = fs.statSync(uri).size;
    } catch {
      // a URL or an unreadable path: recorded as given
    }
    g.stmt('INSERT INTO artifacts (task_id, name, uri, media_type, size_bytes) VALUES (?, ?, ?, ?, ?)').run(id, name, uri, o.mediaType ?? null, size);
    g.event('artifact_added', id, { name, uri }, null);
    return { task_id: id, name, uri, media_type: o.mediaType ?? null, size_bytes: size };
  });
}

export function list(g: Graph, f: ListFilter & { ready?: boolean }) {
  sweepIfDue(g);
  if (f.ready) return readyList(g, f.limit ?? 100);
  return listTasks(g, { ...f, parent: f.parent ? g.resolve(f.parent) : undefined });
}

export function show(g: Graph, idInput: string) {
  return showTask(g, g.resolve(idInput));
}

export function status(g: Graph) {
  sweepIfDue(g);
  return projectStatus(g);
}

export function events(g: Graph, o: { since?: number; task?: string; limit?: number; allProjects?: boolean }) {
  const task = o.task ? g.resolve(o.task) : undefined;
  return listEvents(g, { since: o.since, task, limit: o.limit ?? (o.since === undefined ? 50 : 1000), allProjects: o.allProjects });
}

export function check(g: Graph) {
  return runChecks(g.db);
}

export function forceSweep(g: Graph): SweepResult {
  return sweep(g);
}

export type { TaskRow };
