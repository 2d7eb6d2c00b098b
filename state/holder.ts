// The refusals every transition shares: a task another agent holds, a composite task (its status
// rolls up from its subtasks), a task still waiting on its upstreams. Each names the fix as
// command refs, so the CLI prints command lines and MCP prints tool calls.
import { cmd, fix, UserError } from '../core/errors';
import type { Actor } from './agent';
import { Graph, HELD, sqlList, SUCCEEDED, TaskRow } from './graph';

export function describeHolder(r: TaskRow): string {
  return `${r.agent_id}${r.claimed_at ? ` since ${r.claimed_at}` : ''}`;
}

export function isHeld(r: TaskRow): boolean {
  return (HELD as readonly string[]).includes(r.status);
}

/**
 * Refuse when another agent holds the task, unless --force. `command` is the one refused (e.g.
 * "task done"). `lenient`: a caller that named no identity may go ahead (finishing commands).
 */
export function checkHolder(r: TaskRow, actor: Actor, command: string, lenient = false): void {
  if (!isHeld(r)) return;
  if (r.agent_id === actor.agent || actor.force || (lenient && !actor.explicit)) return;
  throw new UserError(
    `${r.id} is ${r.status} by ${describeHolder(r)}, not by ${actor.agent}`,
    fix`if you are ${r.agent_id ?? 'its holder'}, say so: ${cmd(command, { id: r.id, agent: r.agent_id ?? '' }, ['id'])}; if it is gone, wait for its lease to expire (${r.lease_expires_at ?? '?'}) and run ${cmd('task sweep')}, or take it over: ${cmd(command, { id: r.id, force: true }, ['id'])}`,
  );
}

export function refuseComposite(r: TaskRow, verb: string): void {
  if (r.kind === 'composite') {
    throw new UserError(
      `${r.id} is a composite task: its status rolls up from its subtasks, it cannot be ${verb} directly`,
      fix`work on its subtasks: ${cmd('task list', { parent: r.id })}`,
    );
  }
}

/** The blocking upstreams of `id` not yet finished (at most 5). */
export function unmetUpstreams(g: Graph, id: string): { id: string; status: string }[] {
  return g
    .stmt(
      `SELECT u.id, u.status FROM dependencies d JOIN tasks u ON u.id = d.from_task
       WHERE d.to_task = ? AND d.kind <> 'suggests' AND u.status NOT IN ${sqlList(SUCCEEDED)} LIMIT 5`,
    )
    .all(id) as { id: string; status: string }[];
}

export function describeUpstreams(rows: { id: string; status: string }[]): string {
  return rows.map((r) => `${r.id} (${r.status})`).join(', ');
}
