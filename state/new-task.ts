// Creating one task row: ready when nothing blocks it, else pending. The trigger writes its
// task_created (and task_ready) events in the same transaction.
import { cmd, fix, UserError } from '../core/errors';
import { Graph, NOW } from './graph';
import { newId } from './ids';
import { redactStored } from './redact';

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
  const title = redactStored(t.title?.trim());
  if (!title) throw new UserError('a task needs a title', fix`for example: ${cmd('task add', { title: 'Write the parser' }, ['title'])}`, 2, 'title');
  for (let attempt = 0; ; attempt++) {
    const id = newId('t');
    try {
      g.stmt(SQL_INSERT).run({
        id,
        project: g.projectId(),
        parent: t.parent ?? null,
        title,
        description: redactStored(t.description ?? ''),
        status: ready ? 'ready' : 'pending',
        priority: t.priority ?? 0,
        max_retries: t.maxRetries ?? 2,
        lease_seconds: t.leaseSeconds ?? defaultLeaseSeconds(),
        reason: redactStored(t.reason ?? null),
      });
      return id;
    } catch (e) {
      if (attempt < 5 && g.store.isUniqueViolation(e)) continue;
      throw e;
    }
  }
}

/** $AGENTDAG_LEASE_SECONDS, else 300; a value the schema would refuse is refused here, naming the variable. */
export function defaultLeaseSeconds(): number {
  const raw = process.env.AGENTDAG_LEASE_SECONDS?.trim();
  if (!raw) return 300;
  const v = Number(raw);
  if (!Number.isInteger(v) || v < 1 || v > 604_800) {
    throw new UserError(`AGENTDAG_LEASE_SECONDS must be a whole number of seconds from 1 to 604800, got "${raw}"`, 'export AGENTDAG_LEASE_SECONDS=600 (or unset it for 300)', 2, 'AGENTDAG_LEASE_SECONDS');
  }
  return v;
}
