// Ending work: done (lenient: from ready, claimed or running, filling the timestamps it skipped),
// fail, pause (back to the queue, no retry used), retry (failed → ready while retries remain).
// Each settles what follows: dependents promoted, composite parents rolled up.
import { cmd, fix, UserError } from '../core/errors';
import type { Actor } from './agent';
import { Graph, isTerminal, NOW, Task, TaskRow, TaskStatus, toTask, UNMET_DEP } from './graph';
import { checkHolder, describeUpstreams, isHeld, refuseComposite, unmetUpstreams } from './holder';
import { settle } from './promote';
import { taskColumns } from './sql';
import { redactStored, redactStoredJson } from './redact';

export interface DoneOptions {
  result?: unknown;
  partial?: boolean;
}

/** A new task for work that can no longer happen under `r` (it finished or was cancelled). */
const addAgain = (r: TaskRow) => cmd('task add', { title: r.title }, ['title']);

/** Lenient completion: from ready, claimed or running, filling the timestamps it skipped. */
export function done(g: Graph, id: string, actor: Actor, opts: DoneOptions = {}): { task: Task; promoted: string[] } {
  const r = g.mustRow(id);
  refuseComposite(r, 'completed');
  if (r.status === 'done' || r.status === 'done_partial') {
    throw new UserError(`${id} is already ${r.status} (at ${r.completed_at})`, fix`nothing to do; take the next task with ${cmd('task go')}`);
  }
  if (r.status === 'pending') {
    const waits = unmetUpstreams(g, id);
    throw new UserError(
      `${id} is pending: it waits on ${describeUpstreams(waits)}`,
      waits.length ? fix`finish those first, or remove the dependency: ${cmd('task dep rm', { from: waits[0].id, to: id }, ['from', 'to'])}` : fix`see why: ${cmd('task show', { id }, ['id'])}`,
    );
  }
  if (r.status === 'failed') throw new UserError(`${id} failed: ${r.error}`, fix`retry it first: ${cmd('task retry', { id }, ['id'])}`);
  if (r.status === 'cancelled') throw new UserError(`${id} was cancelled (${r.status_reason ?? 'no reason given'})`, fix`add a new task for it: ${addAgain(r)}`);
  checkHolder(r, actor, 'task done', true);
  const status: TaskStatus = opts.partial ? 'done_partial' : 'done';
  const row = g
    .stmt(
      `UPDATE tasks SET status = @status, result = @result, completed_at = ${NOW}, updated_at = ${NOW},
         claimed_at = coalesce(claimed_at, ${NOW}), started_at = coalesce(started_at, ${NOW}),
         agent_id = coalesce(agent_id, @agent), session_id = coalesce(session_id, @session), finished_by = @agent,
         lease_expires_at = NULL, progress = CASE WHEN @status = 'done' THEN 100 ELSE progress END,
         status_reason = @reason
       WHERE id = @id RETURNING ${taskColumns()}`,
    )
    .get({
      id,
      status,
      result: opts.result === undefined ? null : JSON.stringify(redactStoredJson(opts.result)),
      agent: actor.agent,
      session: actor.session,
      reason: r.status === 'running' ? null : `lenient_from_${r.status}`,
    }) as TaskRow;
  const { promoted } = settle(g, id, row);
  return { task: toTask(row), promoted };
}

export function fail(g: Graph, id: string, error: string, actor: Actor): { task: Task; promoted: string[] } {
  const r = g.mustRow(id);
  refuseComposite(r, 'failed');
  if (!error?.trim()) {
    throw new UserError('say why the task failed', fix`for example: ${cmd('task fail', { id, error: 'tests do not compile' }, ['id', 'error'])}`, 2, 'error');
  }
  if (!isHeld(r)) {
    throw new UserError(
      `${id} is ${r.status}; only a claimed or running task can fail`,
      r.status === 'ready' ? fix`claim it first, or cancel it: ${cmd('task cancel', { id }, ['id'])}` : fix`see it: ${cmd('task show', { id }, ['id'])}`,
    );
  }
  checkHolder(r, actor, 'task fail', true);
  const row = g
    .stmt(
      `UPDATE tasks SET status = 'failed', error = @error, failed_at = ${NOW}, updated_at = ${NOW}, finished_by = @agent,
         lease_expires_at = NULL, status_reason = 'agent_reported' WHERE id = @id RETURNING ${taskColumns()}`,
    )
    .get({ id, error: redactStored(error), agent: actor.agent }) as TaskRow;
  const { promoted } = settle(g, id, row);
  return { task: toTask(row), promoted };
}

/** Release a claimed or running task back to the ready queue (no retry is used). */
export function pause(g: Graph, id: string, actor: Actor): Task {
  const r = g.mustRow(id);
  refuseComposite(r, 'paused');
  if (!isHeld(r)) {
    throw new UserError(`${id} is ${r.status}; only a claimed or running task can be paused`, fix`see the running tasks: ${cmd('task list', { status: 'running' })}`);
  }
  checkHolder(r, actor, 'task pause');
  const row = g
    .stmt(
      `UPDATE tasks SET status = 'ready', agent_id = NULL, session_id = NULL, lease_expires_at = NULL, ready_at = ${NOW},
         updated_at = ${NOW}, status_reason = 'paused' WHERE id = ? RETURNING ${taskColumns()}`,
    )
    .get(id) as TaskRow;
  settle(g, id);
  return toTask(row);
}

/** failed → ready (or pending when an upstream changed since), while retries remain. */
export function retry(g: Graph, id: string, opts: { force?: boolean } = {}): Task {
  const r = g.mustRow(id);
  if (r.status !== 'failed') {
    throw new UserError(
      `${id} is ${r.status}; only a failed task can be retried`,
      r.status === 'cancelled' ? fix`add a new task instead: ${addAgain(r)}` : fix`see it: ${cmd('task show', { id }, ['id'])}`,
    );
  }
  const parent = r.parent_task_id ? g.row(r.parent_task_id) : undefined;
  if (parent && isTerminal(parent.status)) {
    throw new UserError(`${id} belongs to ${parent.id}, which is already ${parent.status}`, fix`add a new task for the remaining work: ${addAgain(r)}`);
  }
  if (r.retries >= r.max_retries && !opts.force) {
    throw new UserError(`${id} has used ${r.retries} of ${r.max_retries} retries`, fix`allow one more with: ${cmd('task retry', { id, force: true }, ['id'])}`);
  }
  const row = g
    .stmt(
      `UPDATE tasks SET status = CASE WHEN ${UNMET_DEP('tasks')} THEN 'pending' ELSE 'ready' END,
         ready_at = ${NOW}, failed_at = NULL, agent_id = NULL, session_id = NULL, finished_by = NULL, updated_at = ${NOW},
         retries = retries + 1, status_reason = 'retry',
         max_retries = CASE WHEN max_retries > retries THEN max_retries ELSE retries + 1 END
       WHERE id = ? RETURNING ${taskColumns()}`,
    )
    .get(id) as TaskRow;
  settle(g, id);
  return toTask(row);
}
