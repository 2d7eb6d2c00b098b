// The handle every task-graph operation takes: the store (SQLite file or PostgreSQL, behind one
// interface: store/store.ts), its prepared statements, and the current project.
import { cmd, fix, UserError } from '../core/errors';
import type { Db } from './db';
import { closest, newId, normalizeIdInput } from './ids';
import type { LastSeen } from './liveness';
import { taskColumns } from './sql';
import { openStore, type OpenStoreOptions } from './store/open';
import { SqliteStore } from './store/sqlite';
import type { Stmt, Store } from './store/store';
import type { TaskStatus } from './status';

export * from './status';
export { NOW } from './sql';

export interface TaskRow {
  id: string;
  project_id: string;
  parent_task_id: string | null;
  title: string;
  description: string;
  status: TaskStatus;
  kind: 'task' | 'composite';
  priority: number;
  agent_id: string | null;
  session_id: string | null;
  result: string | null;
  error: string | null;
  progress: number | null;
  progress_note: string | null;
  retries: number;
  max_retries: number;
  lease_seconds: number;
  lease_expires_at: string | null;
  last_heartbeat_at: string | null;
  status_reason: string | null;
  created_at: string;
  updated_at: string;
  ready_at: string | null;
  claimed_at: string | null;
  started_at: string | null;
  completed_at: string | null;
  failed_at: string | null;
  cancelled_at: string | null;
  /** Who ran done or fail (agent_id stays who claimed). */
  finished_by: string | null;
}

/** A task as commands return it: the result parsed back into JSON. */
export type Task = Omit<TaskRow, 'result'> & { result: unknown };

export function toTask(row: TaskRow): Task {
  let result: unknown = null;
  if (row.result !== null) {
    try {
      result = JSON.parse(row.result);
    } catch {
      result = row.result;
    }
  }
  return { ...row, result };
}

export interface GraphOptions extends OpenStoreOptions {
  /** Project name (default: $AGENTDAG_PROJECT or "default"). Created on first use. */
  project?: string;
  /** When Claude Code sessions were last seen working (the journal): the sweeper extends their leases. */
  lastSeen?: LastSeen;
}

export class Graph {
  readonly store: Store;
  readonly projectName: string;
  readonly lastSeen?: LastSeen;
  private projectIdCache: string | null = null;

  constructor(store: Store, projectName: string, lastSeen?: LastSeen) {
    this.store = store;
    this.projectName = projectName;
    this.lastSeen = lastSeen;
  }

  /** Open the graph at `location`: a SQLite file path, or a postgres:// URL. */
  static open(location: string, opts: GraphOptions = {}): Graph {
    return new Graph(openStore(location, opts), opts.project?.trim() || process.env.AGENTDAG_PROJECT?.trim() || 'default', opts.lastSeen);
  }

  /**
   * Read-only, for the readers outside the engine (ingest's snapshot, the dashboard, the event
   * stream): never creates or migrates the graph.
   */
  static openReadOnly(location: string, opts: { busyTimeoutMs?: number } = {}): Graph {
    return new Graph(openStore(location, { readonly: true, busyTimeoutMs: opts.busyTimeoutMs ?? 5000 }), 'default');
  }

  /** Where the graph lives (a file, or a URL without its password), for messages. */
  get location(): string {
    return this.store.location;
  }

  /** The SQLite connection, for SQLite-only tools and tests (pragmas, the file's own checks). */
  get db(): Db {
    if (!(this.store instanceof SqliteStore)) throw new Error(`the task graph at ${this.location} is not a SQLite file`);
    return this.store.db;
  }

  close(): void {
    this.store.close();
  }

  stmt(sql: string): Stmt {
    return this.store.prepare(sql);
  }

  /**
   * One write transaction (a savepoint inside another), serialized with every other writer. A
   * lock held past the busy timeout is a "busy, retry" UserError for every edge (CLI and MCP).
   */
  tx<T>(fn: () => T): T {
    return this.store.tx(fn);
  }

  /** Run reads in one read transaction: they all see the same instant. */
  read<T>(fn: () => T): T {
    return this.store.readTx(fn);
  }

  hasTable(name: string): boolean {
    return this.store.hasTable(name);
  }

  /** The project's id, creating the project on first write. */
  projectId(): string {
    if (this.projectIdCache) return this.projectIdCache;
    const found = this.stmt('SELECT id FROM projects WHERE name = ?').get(this.projectName) as { id: string } | undefined;
    if (found) return (this.projectIdCache = found.id);
    return this.tx(() => {
      const again = this.stmt('SELECT id FROM projects WHERE name = ?').get(this.projectName) as { id: string } | undefined;
      if (again) return (this.projectIdCache = again.id);
      const id = newId('p');
      this.stmt('INSERT INTO projects (id, name) VALUES (?, ?)').run(id, this.projectName);
      return (this.projectIdCache = id);
    });
  }

  /** The project's id if it exists, without creating it (for read-only commands). */
  existingProjectId(): string | null {
    if (this.projectIdCache) return this.projectIdCache;
    const found = this.stmt('SELECT id FROM projects WHERE name = ?').get(this.projectName) as { id: string } | undefined;
    return found ? (this.projectIdCache = found.id) : null;
  }

  row(id: string): TaskRow | undefined {
    return this.stmt(`SELECT ${taskColumns()} FROM tasks WHERE id = ?`).get(id) as TaskRow | undefined;
  }

  mustRow(id: string): TaskRow {
    const r = this.row(id);
    if (!r) throw new UserError(`no task ${id}`, fix`see the task ids with ${cmd('task list', { all: true })}`);
    return r;
  }

  /**
   * Resolve what an agent typed to one task id: an exact id, an exact title (case-insensitive,
   * when only one task has it), a unique id prefix (with or without `t-`); else fail naming the
   * candidates or the closest id.
   */
  resolve(input: string): string {
    const want = normalizeIdInput(input);
    if (this.stmt('SELECT 1 FROM tasks WHERE id = ?').get(want)) return want;
    const byTitle = this.stmt('SELECT id FROM tasks WHERE lower(title) = ? ORDER BY created_at DESC LIMIT 6').all(input.trim().toLowerCase()) as {
      id: string;
    }[];
    if (byTitle.length === 1) return byTitle[0].id;
    if (byTitle.length > 1) {
      throw new UserError(`${byTitle.length} tasks are titled "${input}": ${byTitle.map((t) => t.id).join(', ')}`, 'use the id of the one you mean', 2, 'id');
    }
    const hits = this.stmt('SELECT id, title FROM tasks WHERE id >= ? AND id < ? ORDER BY id LIMIT 6').all(want, want + '~') as {
      id: string;
      title: string;
    }[];
    if (hits.length === 1) return hits[0].id;
    if (hits.length > 1) {
      throw new UserError(
        `task id prefix "${input}" is ambiguous: ${hits.map((h) => `${h.id} (${h.title})`).join(', ')}${hits.length > 5 ? ', …' : ''}`,
        'type more characters of the id',
        2,
        'id',
      );
    }
    const ids = (this.stmt('SELECT id FROM tasks').all() as { id: string }[]).map((r) => r.id);
    const near = closest(want, ids);
    if (near) {
      const t = this.row(near)!;
      throw new UserError(`no task "${input}"`, `did you mean ${near} (${t.title}, ${t.status})?`, 2, 'id');
    }
    throw new UserError(`no task "${input}"`, fix`see the task ids and titles with ${cmd('task list', { all: true })}`, 2, 'id');
  }

  /** Append an event that is not a status transition (status transitions are written by triggers). */
  event(type: string, taskId: string | null, payload: unknown, agent: string | null = null): void {
    this.stmt('INSERT INTO events (project_id, task_id, event_type, agent_id, payload) VALUES (?, ?, ?, ?, ?)').run(
      this.projectIdCache ?? this.existingProjectId(),
      taskId,
      type,
      agent,
      payload === undefined ? null : JSON.stringify(payload),
    );
  }

  maxEventId(): number {
    return (this.stmt('SELECT max(id) AS id FROM events').get() as { id: number | null }).id ?? 0;
  }
}
