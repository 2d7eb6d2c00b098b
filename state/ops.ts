// The task-graph operations as commands see them, shared by the CLI and the MCP server: resolve
// ids, run the write in one BEGIN IMMEDIATE transaction (or inside a what-if that rolls back),
// sweep expired leases on the way, and return plain JSON-able results. This file holds the work
// loop (go, done and the lease plumbing); plan changes, records and reads have files of their own
// and are re-exported here, so `ops.x` is every operation.
import { actor, type ActorOptions } from './agent';
import { Graph, Task, toTask, TaskRow } from './graph';
import { handoff, HandoffEntry } from './handoff';
import { sweep, SweepResult } from './leases';
import { mutate } from './mutate';
import { addSubtasks, decompose } from './plan';
import { addDep } from './deps';
import { promoteIfReady } from './promote';
import { projectStatus } from './queries';
import * as T from './transitions';

export type { ActorOptions } from './agent';
export { mutate, type Mutation } from './mutate';
export * from './ops-plan';
export * from './ops-records';
export * from './ops-read';

export function parseResult(text: string | undefined): unknown {
  if (text === undefined) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    // Agents often pass plain words: keep them, as a JSON string, rather than refuse the work.
    return text;
  }
}

export interface GoResult {
  task: Task | null;
  handoff: HandoffEntry[];
  message: string;
  swept?: SweepResult;
}

/** Claim and start the best ready task, with the results of its feeds_into upstreams. */
export function go(g: Graph, o: ActorOptions): GoResult {
  const swept = sweep(g);
  const a = actor(o);
  const claimed = g.tx(() => T.claimAndStartNext(g, a));
  const row = claimed ? toTask(claimed) : null;
  if (!row) {
    const s = projectStatus(g);
    const c = s.counts;
    const why =
      s.total === 0
        ? 'the task graph is empty: add tasks first'
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

export function add(g: Graph, title: string, o: AddOptions = {}) {
  const parent = o.parent ? g.resolve(o.parent) : null;
  const after = (o.after ?? []).map((x) => g.resolve(x));
  const feeds = (o.feedsFrom ?? []).map((x) => g.resolve(x));
  return mutate(g, o.whatIf, (): Task => {
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
    for (const t of o.tags ?? []) g.stmt('INSERT INTO task_tags (task_id, tag) VALUES (?, ?) ON CONFLICT DO NOTHING').run(id, t);
    promoteIfReady(g, id);
    return toTask(g.mustRow(id));
  });
}

export function done(g: Graph, idInput: string, o: ActorOptions & { result?: string; partial?: boolean; whatIf?: boolean }) {
  const id = g.resolve(idInput);
  return mutate(g, o.whatIf, () => T.done(g, id, actor(o), { result: parseResult(o.result), partial: o.partial }));
}

export function claim(g: Graph, idInput: string | undefined, o: ActorOptions) {
  sweep(g);
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

export type { TaskRow };
