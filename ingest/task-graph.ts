// The task-graph step of `agentdag ingest`: copy the live SQLite task graph into the
// warehouse's raw_tg_* tables.
//
// - Events are copied incrementally by their monotonic id (only ids above the highest one
//   already in raw_tg_events), so history is kept even after the task graph is pruned.
// - Tasks are current state: the tasks the new events name are re-read and replace their
//   previous copy (all of them on the first snapshot, or when the task graph was replaced).
//   Dependencies are re-read whole when a new event may have changed an edge, projects (a few
//   rows) whenever there are new events. No new event = nothing changed worth a copy: a no-op
//   ingest reads one max(id) and stops.
// - Rows are stored verbatim as JSON (column name → value): the raw layer does not break
//   when the task graph gains a column; the tg_stg_* views pick out and type the fields.
// - Without DuckDB's sqlite scanner (no extension can be downloaded here), better-sqlite3
//   reads one consistent snapshot (one read transaction) and DuckDB loads it with read_json
//   from private temp NDJSON files (read_json is ~5× the Appender's rows/s, perf-baselines §3).
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { DuckDBConnection } from '@duckdb/node-api';
import type BetterSqlite3 from 'better-sqlite3';
import type { TaskGraphStep, TaskGraphStepStats } from './contracts';
import { withTransaction } from '../warehouse/db';

type SqliteRow = Record<string, unknown>;

interface GraphRead {
  maxEventId: number;
  events: SqliteRow[];
  tasks: SqliteRow[] | null;
  dependencies: SqliteRow[] | null;
  projects: SqliteRow[] | null;
  /** tasks holds every task (else only those the new events name) */
  whole: boolean;
}

/** Events that change a task's status or text but never a dependency edge. */
const STATUS_EVENTS = new Set([
  'task_created', 'task_ready', 'task_blocked', 'task_claimed', 'task_started', 'task_completed', 'task_failed',
  'task_cancelled', 'task_paused', 'task_retried', 'task_reclaimed', 'task_progress', 'task_amended',
]);

function tableExists(db: BetterSqlite3.Database, name: string): boolean {
  return db.prepare("SELECT 1 FROM sqlite_master WHERE type IN ('table','view') AND name = ?").get(name) !== undefined;
}

/**
 * One read transaction, so events and task state come from the same instant. `whole` copies
 * every task; otherwise only the tasks the new events name (every change worth analysing writes
 * an event: status transitions by trigger, amend/split/decompose/dependency changes by the engine;
 * heartbeats do not, and their lease times are not analysed).
 */
function readGraph(db: BetterSqlite3.Database, afterId: number, whole: boolean): GraphRead {
  return db.transaction((): GraphRead => {
    if (!tableExists(db, 'events')) return { maxEventId: 0, events: [], tasks: null, dependencies: null, projects: null, whole };
    const maxEventId = (db.prepare('SELECT coalesce(max(id), 0) AS m FROM events').get() as { m: number }).m;
    // The task graph was replaced (its ids restarted below our cursor): copy it all again.
    const replaced = maxEventId < afterId;
    const from = replaced ? 0 : afterId;
    const events = db.prepare('SELECT * FROM events WHERE id > ? ORDER BY id').all(from) as SqliteRow[];
    if (events.length === 0) return { maxEventId, events, tasks: null, dependencies: null, projects: null, whole };
    const all = (t: string) => (tableExists(db, t) ? (db.prepare(`SELECT * FROM "${t}"`).all() as SqliteRow[]) : []);
    const copyAll = whole || replaced;
    const tasks = copyAll
      ? all('tasks')
      : (db.prepare('SELECT * FROM tasks WHERE id IN (SELECT task_id FROM events WHERE id > ? AND task_id IS NOT NULL)').all(from) as SqliteRow[]);
    // Edges change only with the engine's dependency and plan events; a batch of status changes
    // (the usual ingest) leaves them alone and skips re-reading them (1.4 s → ~0.1 s at 10k tasks).
    const edgesMayHaveChanged = copyAll || events.some((e) => !STATUS_EVENTS.has(String(e.event_type)));
    return { maxEventId, events, tasks, dependencies: edgesMayHaveChanged ? all('dependencies') : null, projects: all('projects'), whole: copyAll };
  })();
}

/** Writes rows as NDJSON to a private temp file and returns its path. */
function writeNdjson(dir: string, name: string, lines: unknown[]): string {
  const file = path.join(dir, `${name}.ndjson`);
  fs.writeFileSync(file, lines.map((l) => JSON.stringify(l, (_k, v) => (typeof v === 'bigint' ? Number(v) : v))).join('\n') + '\n', { mode: 0o600 });
  return file;
}

async function scalar(conn: DuckDBConnection, sql: string): Promise<number> {
  const r = await conn.runAndReadAll(sql);
  return Number(r.getRowsJS()[0][0] ?? 0);
}

export const snapshotTaskGraph: TaskGraphStep = async (conn, tasksDbPath): Promise<TaskGraphStepStats> => {
  if (!fs.existsSync(tasksDbPath)) return { tasks: await scalar(conn, 'SELECT count(*) FROM raw_tg_tasks'), events_new: 0 };

  const cursor = await scalar(conn, 'SELECT coalesce(max(event_id), 0) FROM raw_tg_events');
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const Database = require('better-sqlite3') as typeof BetterSqlite3;
  const db = new Database(tasksDbPath, { readonly: true, fileMustExist: true });
  let read: GraphRead;
  let copied: number;
  try {
    db.pragma('busy_timeout = 5000');
    copied = await scalar(conn, 'SELECT count(*) FROM raw_tg_tasks');
    read = readGraph(db, cursor, cursor === 0 || copied === 0);
  } finally {
    db.close();
  }
  if (read.events.length === 0 || !read.tasks) return { tasks: copied, events_new: 0 };

  const fullReload = read.maxEventId < cursor;
  const snapshotId = (await scalar(conn, 'SELECT coalesce(max(snapshot_id), 0) FROM raw_tg_snapshots')) + 1;
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'agentdag-tg-'));
  try {
    const eventsFile = writeNdjson(tmp, 'events', read.events.map((r) => ({ event_id: r.id, row: r })));
    const tasksFile = writeNdjson(tmp, 'tasks', read.tasks.map((r) => ({ task_id: String(r.id), row: r })));
    const depsFile = writeNdjson(tmp, 'dependencies', (read.dependencies ?? []).map((r) => ({ row: r })));
    const projectsFile = writeNdjson(tmp, 'projects', (read.projects ?? []).map((r) => ({ project_id: String(r.id), row: r })));
    const json = (columns: string) => `read_json($1, format = 'newline_delimited', columns = ${columns})`;
    await withTransaction(conn, async () => {
      if (fullReload) await conn.run('DELETE FROM raw_tg_events');
      await conn.run(
        `INSERT INTO raw_tg_events SELECT event_id, row, $2 FROM ${json("{event_id: 'BIGINT', row: 'JSON'}")} ON CONFLICT DO NOTHING`,
        [eventsFile, snapshotId],
      );
      if (read.whole) await conn.run('DELETE FROM raw_tg_tasks');
      else await conn.run(`DELETE FROM raw_tg_tasks WHERE task_id IN (SELECT task_id FROM ${json("{task_id: 'VARCHAR'}")})`, [tasksFile]);
      await conn.run(`INSERT INTO raw_tg_tasks SELECT task_id, row, $2 FROM ${json("{task_id: 'VARCHAR', row: 'JSON'}")}`, [tasksFile, snapshotId]);
      if (read.dependencies) {
        await conn.run('DELETE FROM raw_tg_dependencies');
        if (read.dependencies.length) await conn.run(`INSERT INTO raw_tg_dependencies SELECT row, $2 FROM ${json("{row: 'JSON'}")}`, [depsFile, snapshotId]);
      }
      await conn.run('DELETE FROM raw_tg_projects');
      if (read.projects?.length) {
        await conn.run(`INSERT INTO raw_tg_projects SELECT project_id, row, $2 FROM ${json("{project_id: 'VARCHAR', row: 'JSON'}")}`, [projectsFile, snapshotId]);
      }
      await conn.run('INSERT INTO raw_tg_snapshots VALUES ($1, now(), $2, $3, $4, $5, $6)', [
        snapshotId,
        tasksDbPath,
        read.maxEventId,
        read.events.length,
        read.tasks!.length,
        fullReload,
      ]);
    });
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
  return { tasks: await scalar(conn, 'SELECT count(*) FROM raw_tg_tasks'), events_new: read.events.length };
};
