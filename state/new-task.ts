// Creating one task row: ready when nothing blocks it, else pending. The trigger writes its
// task_created (and task_ready) events in the same transaction.
import { cmd, fix, UserError } from '../core/errors';
import { Graph, NOW } from './graph';
import { newId } from './ids';

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
  if (!title) throw new UserError('a task needs a title', fix`for example: ${cmd('task add', { title: 'Write the parser' }, ['title'])}`, 2, 'title');
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
