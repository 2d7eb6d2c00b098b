// What-if: run any command inside a transaction, report what it would do, roll everything back.
// The diff comes from the events the command wrote (every status change writes one, by trigger),
// so a preview costs O(changes), not a snapshot of the whole table.
import { LEASE_HELD } from './db';
import { Graph, sqlList, SUCCEEDED } from './graph';

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
 */
export function strandedTasks(g: Graph, project: string | null): Map<string, { id: string; title: string; status: string }> {
  const rows = g
    .stmt(
      `WITH RECURSIVE dead(id) AS (
         -- Start from the few dead ends through their partial index: written exactly as the index's
         -- WHERE so the planner may use it (otherwise it scanned every edge: 1.6 s at 100k tasks).
         SELECT d.to_task FROM tasks u INDEXED BY tasks_dead_ends
         JOIN dependencies d ON d.from_task = u.id JOIN tasks t ON t.id = d.to_task
         WHERE u.project_id = @project AND u.status IN ('failed', 'cancelled') AND d.kind <> 'suggests'
           AND t.status IN ('pending', 'ready')
           AND CASE COALESCE(d.condition, 'on_success')
                 WHEN 'on_failure' THEN u.status = 'cancelled'
                 WHEN 'always' THEN 0
                 ELSE u.status = 'cancelled' OR u.retries >= u.max_retries
               END
         UNION
         SELECT d.to_task FROM dependencies d JOIN tasks u ON u.id = d.from_task JOIN tasks t ON t.id = d.to_task
         WHERE d.condition = 'on_failure' AND u.project_id = @project AND u.status IN ${sqlList(SUCCEEDED)}
           AND t.status IN ('pending', 'ready')
         UNION
         SELECT d.to_task FROM dead JOIN dependencies d ON d.from_task = dead.id JOIN tasks t ON t.id = d.to_task
         WHERE d.kind <> 'suggests' AND COALESCE(d.condition, 'on_success') = 'on_success'
           AND (t.status IN ('pending', 'ready') OR (t.kind = 'composite' AND t.status = 'running'))
         UNION
         -- a composite task cannot finish while one of its children never will
         SELECT p.id FROM dead JOIN tasks c ON c.id = dead.id JOIN tasks p ON p.id = c.parent_task_id
         WHERE p.status IN ('pending', 'running'))
       SELECT t.id, t.title, t.status FROM dead JOIN tasks t ON t.id = dead.id`,
    )
    .all({ project }) as { id: string; title: string; status: string }[];
  return new Map(rows.map((r) => [r.id, r]));
}

export function whatIf<T>(g: Graph, op: () => T): { result: T; report: WhatIfReport } {
  const project = g.projectId();
  g.db.exec('BEGIN IMMEDIATE');
  try {
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
  } finally {
    g.db.exec('ROLLBACK');
  }
}
