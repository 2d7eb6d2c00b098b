// Read-side views of the graph for list, show, status and events. Reads run outside write
// transactions: in WAL mode they never wait for a writer.
import { upstream, downstream } from './deps';
import { Graph, sqlList, SUCCEEDED, Task, TaskRow, TaskStatus, TASK_STATUSES, toTask } from './graph';
import { handoff } from './handoff';
import { ROWID, taskColumns } from './sql';
import { UserError } from '../core/errors';

export interface ListFilter {
  status?: TaskStatus[];
  /** Include done and cancelled tasks (list shows live work by default). */
  all?: boolean;
  agent?: string;
  parent?: string;
  tag?: string;
  limit?: number;
}

export const LIST_COLUMNS = ['id', 'status', 'priority', 'title', 'agent_id', 'parent_task_id', 'kind', 'progress', 'updated_at'];

export function parseStatuses(s: string | undefined): TaskStatus[] | undefined {
  if (!s) return undefined;
  const out = s.split(',').map((x) => x.trim()) as TaskStatus[];
  for (const x of out) if (!TASK_STATUSES.includes(x)) throw new UserError(`unknown status "${x}"`, `use one or more of: ${TASK_STATUSES.join(', ')}`, 2, 'status');
  return out;
}

const ORDER = `CASE status WHEN 'running' THEN 0 WHEN 'claimed' THEN 1 WHEN 'ready' THEN 2 WHEN 'pending' THEN 3 WHEN 'failed' THEN 4 ELSE 5 END, priority DESC, created_at, ${ROWID}`;

export function listTasks(g: Graph, f: ListFilter = {}): Task[] {
  const project = g.existingProjectId();
  if (!project) return [];
  const where = ['project_id = @project'];
  const params: Record<string, unknown> = { project, limit: f.limit ?? 200 };
  if (f.status?.length) {
    where.push(`status IN (${f.status.map((_, i) => `@s${i}`).join(', ')})`);
    f.status.forEach((s, i) => (params[`s${i}`] = s));
  } else if (!f.all) where.push(`status NOT IN ${sqlList([...SUCCEEDED, 'cancelled'])}`);
  if (f.agent) {
    where.push('agent_id = @agent');
    params.agent = f.agent;
  }
  if (f.parent) {
    where.push('parent_task_id = @parent');
    params.parent = f.parent;
  }
  if (f.tag) {
    where.push('id IN (SELECT task_id FROM task_tags WHERE tag = @tag)');
    params.tag = f.tag;
  }
  const rows = g.stmt(`SELECT ${taskColumns()} FROM tasks WHERE ${where.join(' AND ')} ORDER BY ${ORDER} LIMIT @limit`).all(params) as TaskRow[];
  return rows.map(toTask);
}

/** The ready queue in claim order (what `go` would hand out next). */
export function readyList(g: Graph, limit = 100): Task[] {
  const project = g.existingProjectId();
  if (!project) return [];
  return (
    g
      .stmt(`SELECT ${taskColumns()} FROM tasks WHERE project_id = ? AND status = 'ready' AND kind = 'task' ORDER BY priority DESC, created_at, ${ROWID} LIMIT ?`)
      .all(project, limit) as TaskRow[]
  ).map(toTask);
}

export function showTask(g: Graph, id: string, eventLimit = 20) {
  const task = toTask(g.mustRow(id));
  return {
    task,
    upstream: upstream(g, id),
    downstream: downstream(g, id),
    children: (g.stmt(`SELECT id, title, status, agent_id FROM tasks WHERE parent_task_id = ? ORDER BY created_at, ${ROWID}`).all(id) as unknown[]),
    handoff: handoff(g, id),
    notes: g.stmt('SELECT agent_id, body, created_at FROM task_notes WHERE task_id = ? ORDER BY id').all(id),
    files: g.stmt('SELECT path, action, agent_id, created_at FROM task_files WHERE task_id = ? ORDER BY id').all(id),
    tags: (g.stmt('SELECT tag FROM task_tags WHERE task_id = ? ORDER BY tag').all(id) as { tag: string }[]).map((r) => r.tag),
    artifacts: g.stmt('SELECT name, uri, media_type, size_bytes, sha256, created_at FROM artifacts WHERE task_id = ? ORDER BY id').all(id),
    events: (g.stmt('SELECT * FROM (SELECT * FROM events WHERE task_id = ? ORDER BY id DESC LIMIT ?) AS latest ORDER BY id').all(id, eventLimit) as (Omit<EventRow, 'payload'> & { payload: string | null })[]).map((e): EventRow => ({
      ...e,
      payload: e.payload ? JSON.parse(e.payload) : null,
    })),
  };
}

export interface EventRow {
  id: number;
  project_id: string | null;
  task_id: string | null;
  event_type: string;
  from_status: string | null;
  to_status: string | null;
  agent_id: string | null;
  session_id: string | null;
  payload: unknown;
  created_at: string;
}

export interface ActiveAgent {
  agent_id: string;
  project_id: string;
  session_id: string | null;
  tasks_held: number;
  tasks: { id: string; title: string; status: string; claimed_at: string; lease_expires_at: string }[];
  first_claimed_at: string;
  last_heartbeat_at: string;
  heartbeat_age_seconds: number;
  next_lease_expiry: string;
  has_expired_lease: number;
}

export function projectStatus(g: Graph) {
  const project = g.existingProjectId();
  const counts: Record<string, number> = Object.fromEntries(TASK_STATUSES.map((s) => [s, 0]));
  if (!project) return { project: g.projectName, total: 0, counts, percent_done: 0, agents: [] as ActiveAgent[], next_ready: [] as Task[] };
  for (const r of g.stmt(`SELECT status, count(*) AS n FROM tasks WHERE project_id = ? AND kind = 'task' GROUP BY status`).all(project) as { status: string; n: number }[]) {
    counts[r.status] = r.n;
  }
  const total = Object.values(counts).reduce((a, b) => a + b, 0);
  const finished = counts.done + counts.done_partial;
  const live = total - counts.cancelled;
  const agents = (g.stmt('SELECT * FROM v_active_agents WHERE project_id = ? ORDER BY agent_id').all(project) as (Omit<ActiveAgent, 'tasks'> & { tasks: string })[]).map(
    (a): ActiveAgent => ({ ...a, tasks: JSON.parse(a.tasks) }),
  );
  return {
    project: g.projectName,
    total,
    counts,
    percent_done: live ? Math.round((finished / live) * 1000) / 10 : 0,
    agents,
    next_ready: readyList(g, 5),
  };
}

/** Events after the cursor `since` in id order; without a cursor, the latest `limit` (oldest first). */
export function listEvents(g: Graph, o: { since?: number; task?: string; limit?: number; allProjects?: boolean }): EventRow[] {
  const where = ['id > @since'];
  const params: Record<string, unknown> = { since: o.since ?? 0, limit: o.limit ?? 100 };
  if (o.task) {
    where.push('task_id = @task');
    params.task = o.task;
  }
  if (!o.allProjects) {
    where.push('project_id = @project');
    params.project = g.existingProjectId();
  }
  const sql =
    o.since === undefined
      ? `SELECT * FROM (SELECT * FROM events WHERE ${where.join(' AND ')} ORDER BY id DESC LIMIT @limit) AS latest ORDER BY id`
      : `SELECT * FROM events WHERE ${where.join(' AND ')} ORDER BY id LIMIT @limit`;
  return (g.stmt(sql).all(params) as (Omit<EventRow, 'payload'> & { payload: string | null })[]).map((e) => ({
    ...e,
    payload: e.payload ? JSON.parse(e.payload) : null,
  }));
}
