// The handle every task-graph operation takes: one SQLite connection, a cache of prepared
// statements (preparing costs more than running most of them), and the current project.
import type BetterSqlite3 from 'better-sqlite3';
import { cmd, fix, UserError } from '../core/errors';
import { Db, NOW, openDb, writeTx } from './db';
import { closest, newId, normalizeIdInput } from './ids';

export const TASK_STATUSES = ['pending', 'ready', 'claimed', 'running', 'done', 'done_partial', 'failed', 'cancelled'] as const;
export type TaskStatus = (typeof TASK_STATUSES)[number];
/** The statuses a task never leaves on its own: the one list every check of "finished" uses. */
export const TERMINAL: readonly TaskStatus[] = ['done', 'done_partial', 'failed', 'cancelled'];
/** Finished successfully (in full or in part): what a blocking dependency waits for by default. */
export const SUCCEEDED: readonly TaskStatus[] = ['done', 'done_partial'];
/** Held by an agent: these carry a lease. */
export const HELD: readonly TaskStatus[] = ['claimed', 'running'];
/** Work has begun on it (or ended after beginning). */
export const STARTED: readonly TaskStatus[] = ['claimed', 'running', 'done', 'done_partial', 'failed'];

/** A status list as an SQL list literal: `('done', 'done_partial')`. */
export function sqlList(statuses: readonly string[]): string {
  return `(${statuses.map((s) => `'${s}'`).join(', ')})`;
}

export function isTerminal(status: string): boolean {
  return (TERMINAL as readonly string[]).includes(status);
}

export const DEP_KINDS = ['blocks', 'feeds_into', 'suggests'] as const;
export type DepKind = (typeof DEP_KINDS)[number];
export const DEP_CONDITIONS = ['on_success', 'on_failure', 'always'] as const;
export type DepCondition = (typeof DEP_CONDITIONS)[number];

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

/**
 * True when a blocking dependency of the task aliased `t` is not yet satisfied. NULL condition
 * means on_success (upstream done or done_partial); on_failure waits for a failure; always waits
 * for any end.
 */
export const UNMET_DEP = (t: string) => `EXISTS (
  SELECT 1 FROM dependencies d JOIN tasks u ON u.id = d.from_task
  WHERE d.to_task = ${t}.id AND d.kind <> 'suggests' AND NOT (
    CASE COALESCE(d.condition, 'on_success')
      WHEN 'on_failure' THEN u.status = 'failed'
      WHEN 'always' THEN u.status IN ${sqlList(TERMINAL)}
      ELSE u.status IN ${sqlList(SUCCEEDED)}
    END))`;

export interface GraphOptions {
  /** Project name (default: $AGENTDAG_PROJECT or "default"). Created on first use. */
  project?: string;
  busyTimeoutMs?: number;
}

/** Turn the ways opening the file can fail into errors that say what to do. */
export function explainOpenError(e: unknown, file: string): unknown {
  const code = (e as { code?: string }).code ?? '';
  if (code === 'SQLITE_NOTADB' || code.startsWith('SQLITE_CORRUPT')) {
    return new UserError(`${file} is not a readable task graph (${code})`, `move it aside (mv ${file} ${file}.bad) and agentdag starts a new one; the events table of the old file may still be readable with sqlite3`);
  }
  if (['EACCES', 'EPERM', 'EROFS', 'ENOTDIR', 'SQLITE_CANTOPEN', 'SQLITE_READONLY'].includes(code)) {
    return new UserError(`cannot open ${file} for writing (${code})`, 'check the permissions of the data dir, or set AGENTDAG_HOME to a writable directory');
  }
  if (code.startsWith('SQLITE_BUSY')) return busyError(file);
  return e;
}

export function isBusy(e: unknown): boolean {
  return !!(e as { code?: string })?.code?.startsWith('SQLITE_BUSY');
}

export function busyError(file: string): UserError {
  return new UserError(
    `the task graph is busy: another process held its write lock longer than the busy timeout (${file})`,
    'retry the command; if it keeps happening, look for a stuck process holding the file (fuser on Linux, lsof on macOS)',
    75,
  );
}

export class Graph {
  readonly db: Db;
  readonly projectName: string;
  /** Where the graph lives (the file), for messages. */
  readonly location: string;
  private readonly cache = new Map<string, BetterSqlite3.Statement>();
  private projectIdCache: string | null = null;

  constructor(db: Db, projectName: string, location: string = db.name) {
    this.db = db;
    this.projectName = projectName;
    this.location = location;
  }

  static open(file: string, opts: GraphOptions = {}): Graph {
    let db: Db;
    try {
      db = openDb(file, { busyTimeoutMs: opts.busyTimeoutMs });
    } catch (e) {
      throw explainOpenError(e, file);
    }
    return new Graph(db, opts.project ?? process.env.AGENTDAG_PROJECT ?? 'default', file);
  }

  /**
   * Read-only, for the readers outside the engine (ingest's snapshot, the dashboard, the event
   * stream): never creates or migrates the file.
   */
  static openReadOnly(file: string, opts: { busyTimeoutMs?: number } = {}): Graph {
    try {
      return new Graph(openDb(file, { readonly: true, busyTimeoutMs: opts.busyTimeoutMs ?? 5000 }), 'default', file);
    } catch (e) {
      throw explainOpenError(e, file);
    }
  }

  /** Run reads in one read transaction: they all see the same instant. */
  read<T>(fn: () => T): T {
    try {
      return this.db.transaction(fn)();
    } catch (e) {
      throw explainOpenError(e, this.location);
    }
  }

  hasTable(name: string): boolean {
    return this.stmt("SELECT 1 FROM sqlite_master WHERE type IN ('table', 'view') AND name = ?").get(name) !== undefined;
  }

  close(): void {
    this.db.close();
  }

  stmt(sql: string): BetterSqlite3.Statement {
    let s = this.cache.get(sql);
    if (!s) {
      s = this.db.prepare(sql);
      this.cache.set(sql, s);
    }
    return s;
  }

  /**
   * One write transaction (a savepoint inside another). A lock held past the busy timeout is a
   * "busy, retry" error for every edge (CLI and MCP alike), not a driver error.
   */
  tx<T>(fn: () => T): T {
    try {
      return writeTx(this.db, fn);
    } catch (e) {
      throw isBusy(e) ? busyError(this.location) : e;
    }
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
    return this.stmt('SELECT * FROM tasks WHERE id = ?').get(id) as TaskRow | undefined;
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
    this.stmt(`INSERT INTO events (project_id, task_id, event_type, agent_id, payload) VALUES (?, ?, ?, ?, json(?))`).run(
      this.projectIdCache ?? this.existingProjectId(),
      taskId,
      type,
      agent,
      payload === undefined ? null : JSON.stringify(payload),
    );
  }

  maxEventId(): number {
    return ((this.stmt('SELECT max(id) AS id FROM events').get() as { id: number | null }).id ?? 0) as number;
  }
}

export { NOW };
