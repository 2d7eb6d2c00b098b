// The task state machine: pending → ready → claimed → running → done | done_partial | failed,
// pause back to ready, retry while retries remain, cancel, and the lenient `done` from ready,
// claimed or running. Every status change writes its event through the triggers in migration 001.
import { UserError } from '../core/errors';
import { newId } from './ids';
import { Graph, NOW, Task, TaskRow, TaskStatus, toTask, UNMET_DEP } from './graph';
import { promoteIfReady, settle } from './promote';

export interface Actor {
  /** Who is acting: --agent, else $AGENTDAG_SESSION_ID, else user@host. */
  agent: string;
  /** The Claude Code session, when known ($AGENTDAG_SESSION_ID). */
  session: string | null;
  /** Take over a task another agent holds. */
  force?: boolean;
}

export interface NewTask {
  title: string;
  description?: string;
  priority?: number;
  parent?: string | null;
  maxRetries?: number;
  leaseSeconds?: number;
  reason?: string;
}

const SQL_INSERT = `INSERT INTO tasks (id, project_id, parent_task_id, title, description, status, priority, max_retries, lease_seconds, status_reason, ready_at)
  VALUES (@id, @project, @parent, @title, @description, @status, @priority, @max_retries, @lease_seconds, @reason,
          CASE WHEN @status = 'ready' THEN ${NOW} END)`;

/**
 * Insert one task row, ready when `ready` (no blocking dependencies), else pending. Retries on the
 * rare id collision (40 random bits).
 */
export function insertTask(g: Graph, t: NewTask, ready: boolean): string {
  const title = t.title?.trim();
  if (!title) throw new UserError('a task needs a title', 'agentdag task add "Write the parser"', 2);
  for (let attempt = 0; ; attempt++) {
    const id = newId('t');
    try {
      g.stmt(SQL_INSERT).run({
        id,
        project: g.projectId(),
        parent: t.parent ?? null,
        title,
        description: t.description ?? '',
        status: ready ? 'ready' : 'pending',
        priority: t.priority ?? 0,
        max_retries: t.maxRetries ?? 2,
        lease_seconds: t.leaseSeconds ?? defaultLeaseSeconds(),
        reason: t.reason ?? null,
      });
      return id;
    } catch (e) {
      if (attempt < 5 && (e as { code?: string }).code === 'SQLITE_CONSTRAINT_PRIMARYKEY') continue;
      throw e;
    }
  }
}

export function defaultLeaseSeconds(): number {
  const v = Number(process.env.AGENTDAG_LEASE_SECONDS);
  return Number.isFinite(v) && v > 0 ? Math.floor(v) : 300;
}

function describeHolder(r: TaskRow): string {
  return `${r.agent_id}${r.claimed_at ? ` since ${r.claimed_at}` : ''}`;
}

/** Refuse when another agent holds the task, unless --force. */
function checkHolder(r: TaskRow, actor: Actor, verb: string): void {
  if (r.status !== 'claimed' && r.status !== 'running') return;
  if (r.agent_id === actor.agent || actor.force) return;
  throw new UserError(
    `${r.id} is ${r.status} by ${describeHolder(r)}, not by ${actor.agent}`,
    `if ${r.agent_id} is gone, wait for its lease to expire (${r.lease_expires_at}) and run \`agentdag task sweep\`, or ${verb} with --force to take it over`,
  );
}

function refuseComposite(r: TaskRow, verb: string): void {
  if (r.kind === 'composite') {
    throw new UserError(
      `${r.id} is a composite task: its status rolls up from its subtasks, it cannot be ${verb} directly`,
      `work on its subtasks: agentdag task list --parent ${r.id}`,
    );
  }
}

function unmetUpstream(g: Graph, id: string): string {
  const rows = g
    .stmt(
      `SELECT u.id, u.status FROM dependencies d JOIN tasks u ON u.id = d.from_task
       WHERE d.to_task = ? AND d.kind <> 'suggests' AND u.status NOT IN ('done', 'done_partial') LIMIT 5`,
    )
    .all(id) as { id: string; status: string }[];
  return rows.map((r) => `${r.id} (${r.status})`).join(', ');
}

const CLAIM_SET = `status = 'claimed', agent_id = @agent, session_id = @session, claimed_at = ${NOW}, updated_at = ${NOW},
  last_heartbeat_at = ${NOW}, status_reason = NULL,
  lease_expires_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now', '+' || lease_seconds || ' seconds')`;

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
                   ORDER BY priority DESC, created_at, rowid LIMIT 1)
       RETURNING *`,
    )
    .get({ agent: actor.agent, session: actor.session, project }) as TaskRow | undefined;
  if (row?.parent_task_id) settle(g, row.id, row);
  return row ?? null;
}

export function claim(g: Graph, id: string, actor: Actor): Task {
  const row = g
    .stmt(`UPDATE tasks SET ${CLAIM_SET} WHERE id = @id AND status = 'ready' AND kind = 'task' RETURNING *`)
    .get({ id, agent: actor.agent, session: actor.session }) as TaskRow | undefined;
  if (row) {
    if (row.parent_task_id) settle(g, row.id);
    return toTask(row);
  }
  const r = g.mustRow(id);
  refuseComposite(r, 'claimed');
  if (r.status === 'pending') throw new UserError(`${id} is pending: it waits on ${unmetUpstream(g, id)}`, 'claim a ready task: agentdag task go');
  if (r.status === 'claimed' || r.status === 'running') {
    throw new UserError(`${id} is already ${r.status} by ${describeHolder(r)}`, 'claim another ready task: agentdag task go');
  }
  throw new UserError(`${id} is ${r.status}; only ready tasks can be claimed`, r.status === 'failed' ? `agentdag task retry ${id}` : 'agentdag task go');
}

export function start(g: Graph, id: string, actor: Actor): Task {
  const r = g.mustRow(id);
  refuseComposite(r, 'started');
  if (r.status === 'running') {
    checkHolder(r, actor, 'start');
    return toTask(r);
  }
  if (r.status !== 'claimed') {
    throw new UserError(
      `${id} is ${r.status}; only a claimed task can be started`,
      r.status === 'ready' ? `claim it first (agentdag task claim ${id}), or use agentdag task go` : 'agentdag task go',
    );
  }
  checkHolder(r, actor, 'start');
  if (r.parent_task_id) settle(g, id);
  return toTask(
    g
      .stmt(
        `UPDATE tasks SET status = 'running', started_at = ${NOW}, updated_at = ${NOW}, status_reason = NULL,
           agent_id = @agent, last_heartbeat_at = ${NOW},
           lease_expires_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now', '+' || lease_seconds || ' seconds')
         WHERE id = @id RETURNING *`,
      )
      .get({ id, agent: actor.agent }) as TaskRow,
  );
}

/** Renew the lease. Refused once the sweeper has taken the task back: the agent must stop. */
export function heartbeat(g: Graph, id: string, actor: Actor): Task {
  const row = g
    .stmt(
      `UPDATE tasks SET last_heartbeat_at = ${NOW}, updated_at = ${NOW},
         lease_expires_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now', '+' || lease_seconds || ' seconds')
       WHERE id = @id AND kind = 'task' AND status IN ('claimed', 'running') AND (agent_id = @agent OR @force)
       RETURNING *`,
    )
    .get({ id, agent: actor.agent, force: actor.force ? 1 : 0 }) as TaskRow | undefined;
  if (row) return toTask(row);
  const r = g.mustRow(id);
  if (r.status === 'claimed' || r.status === 'running') checkHolder(r, actor, 'heartbeat');
  throw new UserError(
    `lease lost: ${id} is ${r.status}${r.status_reason === 'lease_expired' ? ' (its lease expired and the sweeper took it back)' : ''}`,
    'stop working on it; run `agentdag task go` for another task',
  );
}

export function progress(g: Graph, id: string, percent: number, note: string | null, actor: Actor): Task {
  if (!Number.isInteger(percent) || percent < 0 || percent > 100) {
    throw new UserError(`progress must be a whole number from 0 to 100, got ${percent}`, `agentdag task progress ${id} 40 "parsed 4 of 10 files"`, 2);
  }
  heartbeat(g, id, actor);
  const row = g
    .stmt(`UPDATE tasks SET progress = ?, progress_note = ?, updated_at = ${NOW} WHERE id = ? RETURNING *`)
    .get(percent, note, id) as TaskRow;
  g.event('task_progress', id, { progress: percent, note }, actor.agent);
  return toTask(row);
}

export interface DoneOptions {
  result?: unknown;
  partial?: boolean;
}

/** Lenient completion: from ready, claimed or running, filling the timestamps it skipped. */
export function done(g: Graph, id: string, actor: Actor, opts: DoneOptions = {}): { task: Task; promoted: string[] } {
  const r = g.mustRow(id);
  refuseComposite(r, 'completed');
  if (r.status === 'done' || r.status === 'done_partial') {
    throw new UserError(`${id} is already ${r.status} (at ${r.completed_at})`, 'nothing to do; run `agentdag task go` for the next task');
  }
  if (r.status === 'pending') {
    throw new UserError(`${id} is pending: it waits on ${unmetUpstream(g, id)}`, `finish those first, or remove the dependency: agentdag task dep rm <from> ${id}`);
  }
  if (r.status === 'failed') throw new UserError(`${id} failed: ${r.error}`, `retry it first: agentdag task retry ${id}`);
  if (r.status === 'cancelled') throw new UserError(`${id} was cancelled (${r.status_reason ?? 'no reason given'})`, 'add a new task: agentdag task add "…"');
  checkHolder(r, actor, 'done');
  const status: TaskStatus = opts.partial ? 'done_partial' : 'done';
  const row = g
    .stmt(
      `UPDATE tasks SET status = @status, result = json(@result), completed_at = ${NOW}, updated_at = ${NOW},
         claimed_at = coalesce(claimed_at, ${NOW}), started_at = coalesce(started_at, ${NOW}),
         agent_id = coalesce(agent_id, @agent), session_id = coalesce(session_id, @session),
         lease_expires_at = NULL, progress = CASE WHEN @status = 'done' THEN 100 ELSE progress END,
         status_reason = @reason
       WHERE id = @id RETURNING *`,
    )
    .get({
      id,
      status,
      result: opts.result === undefined ? null : JSON.stringify(opts.result),
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
  if (!error?.trim()) throw new UserError('say why the task failed', `agentdag task fail ${id} "tests do not compile"`, 2);
  if (r.status !== 'claimed' && r.status !== 'running') {
    throw new UserError(`${id} is ${r.status}; only a claimed or running task can fail`, r.status === 'ready' ? `claim it first, or cancel it: agentdag task cancel ${id}` : 'agentdag task show ' + id);
  }
  checkHolder(r, actor, 'fail');
  const row = g
    .stmt(
      `UPDATE tasks SET status = 'failed', error = @error, failed_at = ${NOW}, updated_at = ${NOW},
         lease_expires_at = NULL, status_reason = 'agent_reported' WHERE id = @id RETURNING *`,
    )
    .get({ id, error }) as TaskRow;
  const { promoted } = settle(g, id, row);
  return { task: toTask(row), promoted };
}

/** Release a claimed or running task back to the ready queue (no retry is used). */
export function pause(g: Graph, id: string, actor: Actor): Task {
  const r = g.mustRow(id);
  refuseComposite(r, 'paused');
  if (r.status !== 'claimed' && r.status !== 'running') {
    throw new UserError(`${id} is ${r.status}; only a claimed or running task can be paused`, 'agentdag task list --status running');
  }
  checkHolder(r, actor, 'pause');
  const row = g
    .stmt(
      `UPDATE tasks SET status = 'ready', agent_id = NULL, session_id = NULL, lease_expires_at = NULL, ready_at = ${NOW},
         updated_at = ${NOW}, status_reason = 'paused' WHERE id = ? RETURNING *`,
    )
    .get(id) as TaskRow;
  settle(g, id);
  return toTask(row);
}

/** failed → ready (or pending when an upstream changed since), while retries remain. */
export function retry(g: Graph, id: string, opts: { force?: boolean } = {}): Task {
  const r = g.mustRow(id);
  if (r.status !== 'failed') {
    throw new UserError(`${id} is ${r.status}; only a failed task can be retried`, r.status === 'cancelled' ? 'add a new task instead: agentdag task add "…"' : `agentdag task show ${id}`);
  }
  const parent = r.parent_task_id ? g.row(r.parent_task_id) : undefined;
  if (parent && ['done', 'done_partial', 'failed', 'cancelled'].includes(parent.status)) {
    throw new UserError(`${id} belongs to ${parent.id}, which is already ${parent.status}`, 'add a new task for the remaining work: agentdag task add "…"');
  }
  if (r.retries >= r.max_retries && !opts.force) {
    throw new UserError(`${id} has used ${r.retries} of ${r.max_retries} retries`, `allow one more with: agentdag task retry ${id} --force`);
  }
  const row = g
    .stmt(
      `UPDATE tasks SET status = CASE WHEN ${UNMET_DEP('tasks')} THEN 'pending' ELSE 'ready' END,
         ready_at = ${NOW}, failed_at = NULL, agent_id = NULL, session_id = NULL, updated_at = ${NOW},
         retries = retries + 1, max_retries = max(max_retries, retries + 1), status_reason = 'retry'
       WHERE id = ? RETURNING *`,
    )
    .get(id) as TaskRow;
  settle(g, id);
  return toTask(row);
}

/** Every task under `id` by parent/child, `id` first. */
export function subtree(g: Graph, id: string): string[] {
  return (
    g
      .stmt(
        `WITH RECURSIVE sub(id, depth) AS (SELECT ?, 0 UNION ALL SELECT t.id, sub.depth + 1 FROM tasks t JOIN sub ON t.parent_task_id = sub.id)
         SELECT id FROM sub ORDER BY depth`,
      )
      .all(id) as { id: string }[]
  ).map((r) => r.id);
}

const SQL_CANCEL = `UPDATE tasks SET status = 'cancelled', cancelled_at = ${NOW}, updated_at = ${NOW},
  lease_expires_at = NULL, status_reason = @reason,
  agent_id = CASE WHEN status IN ('pending', 'ready') THEN NULL ELSE agent_id END,
  session_id = CASE WHEN status IN ('pending', 'ready') THEN NULL ELSE session_id END
  WHERE id = @id AND status NOT IN ('done', 'done_partial', 'failed', 'cancelled')`;

/** Cancel a task and every unfinished task under it. Finished work is kept. */
export function cancelSubtree(g: Graph, id: string, reason: string): string[] {
  const cancelled: string[] = [];
  // Deepest first, so each parent rolls up after its children.
  for (const t of subtree(g, id).reverse()) {
    if (g.stmt(SQL_CANCEL).run({ id: t, reason }).changes > 0) cancelled.push(t);
  }
  for (const t of cancelled) settle(g, t);
  return cancelled;
}

export function cancel(g: Graph, id: string, reason: string | null): { cancelled: string[] } {
  const r = g.mustRow(id);
  if (r.status === 'done' || r.status === 'done_partial') {
    throw new UserError(`${id} is already ${r.status}; finished work cannot be cancelled`, 'add a follow-up task instead: agentdag task add "…"');
  }
  if (r.status === 'cancelled') throw new UserError(`${id} is already cancelled`, 'nothing to do');
  return { cancelled: cancelSubtree(g, id, reason ?? 'cancelled') };
}

export { promoteIfReady };
