// What-if: run any command inside a transaction, report what it would do, roll everything back.
// The diff comes from the events the command wrote (every status change writes one, by trigger),
// so a preview costs O(changes), not a snapshot of the whole table.
import { LEASE_HELD } from './sql';
import { Graph } from './graph';

export interface Change {
  task_id: string;
  title: string;
  from: string | null;
  to: string | null;
  event: string;
}

export interface WhatIfReport {
  /** Tasks the command would cancel. */
  cancelled: { id: string; title: string; was: string }[];
  /** Live tasks that would wait forever: an upstream they need would be cancelled or failed for good. */
  stranded: { id: string; title: string; status: string }[];
  /** Claimed or running work the command would stop, release or change under the agent. */
  running_affected: { id: string; title: string; agent: string | null; was: string; now: string | null; change: string }[];
  created: { id: string; title: string; status: string }[];
  changes: Change[];
  events: number;
}

/**
 * Live tasks that can never run or finish: an upstream they need was cancelled or failed for good,
 * transitively through dependents and through composite parents (which wait for every child).
 * The recursive query is spelled per store (state/sql/<store>/stranded.sql).
 */
export function strandedTasks(g: Graph, project: string | null): Map<string, { id: string; title: string; status: string }> {
  const rows = g.stmt(g.store.query('stranded')).all({ project }) as { id: string; title: string; status: string }[];
  return new Map(rows.map((r) => [r.id, r]));
}

export function whatIf<T>(g: Graph, op: () => T): { result: T; report: WhatIfReport } {
  const project = g.projectId();
  return g.store.rollbackAfter(() => {
    const before = g.maxEventId();
    const strandedBefore = strandedTasks(g, project);
    const heldBefore = new Map(
      (g.stmt(`SELECT id, status, agent_id FROM tasks WHERE ${LEASE_HELD} AND project_id = ?`).all(project) as {
        id: string;
        status: string;
        agent_id: string | null;
      }[]).map((r) => [r.id, r]),
    );
    const result = op();
    const events = g
      .stmt(`SELECT e.id, e.task_id, e.event_type, e.from_status, e.to_status, t.title, t.status AS now FROM events e LEFT JOIN tasks t ON t.id = e.task_id WHERE e.id > ? ORDER BY e.id`)
      .all(before) as { id: number; task_id: string; event_type: string; from_status: string | null; to_status: string | null; title: string; now: string | null }[];
    const report: WhatIfReport = { cancelled: [], stranded: [], running_affected: [], created: [], changes: [], events: events.length };
    const affected = new Map<string, WhatIfReport['running_affected'][number]>();
    for (const e of events) {
      if (e.event_type === 'task_created') report.created.push({ id: e.task_id, title: e.title, status: e.now ?? '' });
      if (e.to_status || e.from_status) report.changes.push({ task_id: e.task_id, title: e.title, from: e.from_status, to: e.to_status, event: e.event_type });
      if (e.event_type === 'task_cancelled') report.cancelled.push({ id: e.task_id, title: e.title, was: e.from_status ?? '' });
      const held = heldBefore.get(e.task_id);
      if (held && !affected.has(e.task_id) && (e.to_status !== null || e.event_type === 'task_amended' || e.event_type === 'task_decomposed')) {
        affected.set(e.task_id, { id: e.task_id, title: e.title, agent: held.agent_id, was: held.status, now: e.now, change: e.event_type });
      }
    }
    report.running_affected = [...affected.values()];
    for (const [id, t] of strandedTasks(g, project)) if (!strandedBefore.has(id)) report.stranded.push(t);
    return { result, report };
  });
}
