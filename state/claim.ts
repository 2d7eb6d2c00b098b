// Taking work: the atomic claim (one statement picks the best ready task and takes it), start,
// and the lease an agent keeps alive with heartbeats and progress reports.
import { cmd, fix, UserError } from '../core/errors';
import type { Actor } from './agent';
import { LEASE_END, ROWID, SKIP_LOCKED, taskColumns } from './sql';
import { Graph, NOW, Task, TaskRow, toTask } from './graph';
import { checkHolder, describeHolder, describeUpstreams, isHeld, refuseComposite, unmetUpstreams } from './holder';
import { settle } from './promote';
import { redactStored } from './redact';

const CLAIM_SET = `status = 'claimed', agent_id = @agent, session_id = @session, claimed_at = ${NOW}, updated_at = ${NOW},
  last_heartbeat_at = ${NOW}, status_reason = NULL, lease_expires_at = ${LEASE_END}`;

/**
 * The atomic claim: ONE statement picks the best ready task (priority, then age) and takes it.
 * SQLite serializes writers, so two agents never get the same task (0 double claims in 60,000
 * contended claims in the spike, where SELECT-then-UPDATE double-claimed 131 times).
 */
export function claimNext(g: Graph, actor: Actor): TaskRow | null {
  return takeBestReady(g, actor, CLAIM_SET);
}

/**
 * `go`: the same atomic claim, taking the task straight to running in the same statement (the
 * trigger records both task_claimed and task_started). One UPDATE instead of claim + start.
 */
export function claimAndStartNext(g: Graph, actor: Actor): TaskRow | null {
  return takeBestReady(g, actor, `${CLAIM_SET.replace("status = 'claimed'", "status = 'running'")}, started_at = ${NOW}`);
}

function takeBestReady(g: Graph, actor: Actor, set: string): TaskRow | null {
  const project = g.existingProjectId();
  if (!project) return null;
  const row = g
    .stmt(
      `UPDATE tasks SET ${set}
       WHERE id = (SELECT id FROM tasks WHERE project_id = @project AND status = 'ready' AND kind = 'task'
                   ORDER BY priority DESC, created_at, ${ROWID} LIMIT 1 ${SKIP_LOCKED})
       RETURNING ${taskColumns()}`,
    )
    .get({ agent: actor.agent, session: actor.session, project }) as TaskRow | undefined;
  if (row?.parent_task_id) settle(g, row.id, row);
  return row ?? null;
}

export function claim(g: Graph, id: string, actor: Actor): Task {
  const row = g
    .stmt(`UPDATE tasks SET ${CLAIM_SET} WHERE id = @id AND status = 'ready' AND kind = 'task' RETURNING ${taskColumns()}`)
    .get({ id, agent: actor.agent, session: actor.session }) as TaskRow | undefined;
  if (row) {
    if (row.parent_task_id) settle(g, row.id);
    return toTask(row);
  }
  const r = g.mustRow(id);
  refuseComposite(r, 'claimed');
  const another = fix`claim another ready task: ${cmd('task go')}`;
  if (r.status === 'pending') throw new UserError(`${id} is pending: it waits on ${describeUpstreams(unmetUpstreams(g, id))}`, another);
  if (isHeld(r)) throw new UserError(`${id} is already ${r.status} by ${describeHolder(r)}`, another);
  throw new UserError(`${id} is ${r.status}; only ready tasks can be claimed`, r.status === 'failed' ? fix`retry it first: ${cmd('task retry', { id }, ['id'])}` : another);
}

export function start(g: Graph, id: string, actor: Actor): Task {
  const r = g.mustRow(id);
  refuseComposite(r, 'started');
  if (r.status === 'running') {
    checkHolder(r, actor, 'task start');
    return toTask(r);
  }
  if (r.status !== 'claimed') {
    throw new UserError(
      `${id} is ${r.status}; only a claimed task can be started`,
      r.status === 'ready' ? fix`claim it first (${cmd('task claim', { id }, ['id'])}), or take the next task with ${cmd('task go')}` : fix`take the next task with ${cmd('task go')}`,
    );
  }
  checkHolder(r, actor, 'task start');
  // claimed → running leaves a composite parent's roll-up as it was (both count as started).
  return toTask(
    g
      .stmt(
        `UPDATE tasks SET status = 'running', started_at = ${NOW}, updated_at = ${NOW}, status_reason = NULL,
           agent_id = @agent, last_heartbeat_at = ${NOW}, lease_expires_at = ${LEASE_END}
         WHERE id = @id RETURNING ${taskColumns()}`,
      )
      .get({ id, agent: actor.agent }) as TaskRow,
  );
}

/** Renew the lease. Refused once the sweeper has taken the task back: the agent must stop. */
export function heartbeat(g: Graph, id: string, actor: Actor): Task {
  const row = g
    .stmt(
      `UPDATE tasks SET last_heartbeat_at = ${NOW}, updated_at = ${NOW}, lease_expires_at = ${LEASE_END}
       WHERE id = @id AND kind = 'task' AND status IN ('claimed', 'running') AND (agent_id = @agent OR @force = 1)
       RETURNING ${taskColumns()}`,
    )
    .get({ id, agent: actor.agent, force: actor.force ? 1 : 0 }) as TaskRow | undefined;
  if (row) return toTask(row);
  const r = g.mustRow(id);
  checkHolder(r, actor, 'task heartbeat');
  throw new UserError(
    `lease lost: ${id} is ${r.status}${r.status_reason === 'lease_expired' ? ' (its lease expired and the sweeper took it back)' : ''}`,
    fix`stop working on it; take another task with ${cmd('task go')}`,
  );
}

export function progress(g: Graph, id: string, percent: number, note: string | null, actor: Actor): Task {
  if (!Number.isInteger(percent) || percent < 0 || percent > 100) {
    throw new UserError(
      `progress must be a whole number from 0 to 100, got ${percent}`,
      fix`for example: ${cmd('task progress', { id, percent: 40, note: 'parsed 4 of 10 files' }, ['id', 'percent', 'note'])}`,
      2,
      'percent',
    );
  }
  heartbeat(g, id, actor);
  note = redactStored(note);
  const row = g.stmt(`UPDATE tasks SET progress = ?, progress_note = ?, updated_at = ${NOW} WHERE id = ? RETURNING ${taskColumns()}`).get(percent, note, id) as TaskRow;
  g.event('task_progress', id, { progress: percent, note }, actor.agent);
  return toTask(row);
}
