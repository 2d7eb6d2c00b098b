// Cancelling: a task and every unfinished task under it (deepest first, so each parent rolls up
// after its children). Finished work is kept.
import { cmd, fix, UserError } from '../core/errors';
import { Graph, NOW, sqlList, TERMINAL } from './graph';
import { settle } from './promote';
import { redactStored } from './redact';

/** Every task under `id` by parent/child, `id` first. */
export function subtree(g: Graph, id: string): string[] {
  return (
    g
      .stmt(
        `WITH RECURSIVE sub(id, depth) AS (SELECT id, 0 FROM tasks WHERE id = ? UNION ALL SELECT t.id, sub.depth + 1 FROM tasks t JOIN sub ON t.parent_task_id = sub.id)
         SELECT id FROM sub ORDER BY depth`,
      )
      .all(id) as { id: string }[]
  ).map((r) => r.id);
}

const SQL_CANCEL = `UPDATE tasks SET status = 'cancelled', cancelled_at = ${NOW}, updated_at = ${NOW},
  lease_expires_at = NULL, status_reason = @reason,
  agent_id = CASE WHEN status IN ('pending', 'ready') THEN NULL ELSE agent_id END,
  session_id = CASE WHEN status IN ('pending', 'ready') THEN NULL ELSE session_id END
  WHERE id = @id AND status NOT IN ${sqlList(TERMINAL)}`;

/** Cancel a task and every unfinished task under it. Finished work is kept. */
export function cancelSubtree(g: Graph, id: string, reason: string): string[] {
  const cancelled: string[] = [];
  for (const t of subtree(g, id).reverse()) {
    if (g.stmt(SQL_CANCEL).run({ id: t, reason }).changes > 0) cancelled.push(t);
  }
  for (const t of cancelled) settle(g, t);
  return cancelled;
}

export function cancel(g: Graph, id: string, reason: string | null): { cancelled: string[] } {
  const r = g.mustRow(id);
  if (r.status === 'done' || r.status === 'done_partial') {
    throw new UserError(
      `${id} is already ${r.status}; finished work cannot be cancelled`,
      fix`add a follow-up task instead: ${cmd('task add', { title: `Follow up: ${r.title}`, after: id }, ['title'])}`,
    );
  }
  if (r.status === 'cancelled') throw new UserError(`${id} is already cancelled`, 'nothing to do');
  return { cancelled: cancelSubtree(g, id, redactStored(reason) ?? 'cancelled') };
}
