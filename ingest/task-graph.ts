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
// - The task graph's own read module (state/read.ts) reads one consistent snapshot (one read
//   transaction); DuckDB loads it with read_json from private NDJSON files in ingest's scratch
//   dir (read_json is ~5× the Appender's rows/s, perf-baselines §3): sql/load/tg_snapshot.sql,
//   one transaction.
// - One bad item never stops the rest: a task graph that cannot be read (not a database, damaged)
//   is skipped with its reason and fix, and the rest of the ingest goes on; a row the model
//   build could not type (a priority of 3000000000) is skipped and named (ingest/raw-row-checks.ts).
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { DuckDBConnection } from '@duckdb/node-api';
import { isUserError } from '../core/errors';
import { skippedText, type Skipped, type TaskGraphStep, type TaskGraphStepOptions, type TaskGraphStepStats } from './contracts';
import { graphExists, readSnapshot, type GraphSnapshot, type Row } from '../state/read';
import { withTransaction } from '../warehouse/db';
import { runStatements } from '../warehouse/sql-files';
import { uncastableRows } from './raw-row-checks';

/** Writes rows as NDJSON to a private temp file and returns its path. */
function writeNdjson(dir: string, name: string, lines: unknown[]): string {
  const file = path.join(dir, `${name}.ndjson`);
  fs.writeFileSync(file, lines.map((l) => JSON.stringify(l, (_k, v) => (typeof v === 'bigint' ? Number(v) : v))).join('\n') + '\n', { mode: 0o600 });
  return file;
}

/** What each kind of row is called in a message, and the view that types it. */
const KINDS = {
  tasks: { view: 'tg_stg_tasks', what: 'task' },
  events: { view: 'tg_stg_events', what: 'task-graph event' },
  dependencies: { view: 'tg_stg_dependencies', what: 'dependency' },
  projects: { view: 'tg_stg_projects', what: 'project' },
} as const;

/**
 * `rows` without those the model build could not type, each skipped with its reason. The rows are
 * checked in a scratch file with the staging view's own casts (outside any transaction: a query
 * that fails would abort one).
 */
async function typeableRows(conn: DuckDBConnection, dir: string, kind: keyof typeof KINDS, rows: Row[], skip: (s: Skipped) => void): Promise<Row[]> {
  if (rows.length === 0) return rows;
  const bad = await uncastableRows(conn, writeNdjson(dir, `check-${kind}`, rows.map((row) => ({ row }))), KINDS[kind].view);
  if (bad.length === 0) return rows;
  for (const b of bad) {
    skip({
      stage: 'task-graph',
      item: `${KINDS[kind].what} ${b.key}`,
      reason: `its ${b.field} is ${JSON.stringify(b.value.slice(0, 80))}, not ${b.type === 'TIMESTAMP' ? 'a time in years 1970-9999' : `a${b.type === 'INTEGER' ? 'n' : ''} ${b.type} (${b.type === 'INTEGER' ? '-2147483648 to 2147483647' : 'whole number'})`}: the rest of the task graph was loaded without it`,
      fix: kind === 'tasks' ? `add the task again with a valid ${b.field} (agentdag task add …) and cancel this one (agentdag task cancel ${b.key})` : 'the task graph holds a value agentdag does not write: check what wrote it (agentdag task check)',
    });
  }
  const keys = new Set(bad.map((b) => b.key));
  return rows.filter((r) => !keys.has(String(r.id)));
}

async function scalar(conn: DuckDBConnection, sql: string): Promise<number> {
  const r = await conn.runAndReadAll(sql);
  return Number(r.getRowsJS()[0][0] ?? 0);
}

export const snapshotTaskGraph: TaskGraphStep = async (conn, tasksDbPath, given): Promise<TaskGraphStepStats> => {
  const opts: TaskGraphStepOptions = given ?? {
    scratch: os.tmpdir(),
    skip: (s) => {
      throw new Error(skippedText(s));
    },
  };
  if (!graphExists(tasksDbPath)) return { tasks: await scalar(conn, 'SELECT count(*) FROM raw_tg_tasks'), events_new: 0 };

  const cursor = await scalar(conn, 'SELECT coalesce(max(event_id), 0) FROM raw_tg_events');
  const copied = await scalar(conn, 'SELECT count(*) FROM raw_tg_tasks');
  let read: GraphSnapshot;
  try {
    read = readSnapshot(tasksDbPath, cursor, { whole: cursor === 0 || copied === 0 });
  } catch (e) {
    // Not a database, damaged, unreadable: the snapshot waits, the journal and transcripts load.
    opts.skip({
      stage: 'task-graph',
      item: `task graph ${tasksDbPath}`,
      reason: `${(e as Error).message.split('\n')[0]}: the snapshot was skipped; the warehouse keeps the last one`,
      fix: (isUserError(e) && e.fix) || `agentdag task check; if it is damaged, move it aside (mv '${tasksDbPath}' '${tasksDbPath}.damaged'): agentdag then starts an empty graph`,
    });
    return { tasks: copied, events_new: 0 };
  }
  if (read.events.length === 0 || !read.tasks) return { tasks: copied, events_new: 0 };

  const fullReload = read.maxEventId < cursor;
  const snapshotId = (await scalar(conn, 'SELECT coalesce(max(snapshot_id), 0) FROM raw_tg_snapshots')) + 1;
  const tmp = fs.mkdtempSync(path.join(opts.scratch, 'tg-'));
  try {
    const events = await typeableRows(conn, tmp, 'events', read.events, opts.skip);
    const tasks = await typeableRows(conn, tmp, 'tasks', read.tasks, opts.skip);
    const dependencies = await typeableRows(conn, tmp, 'dependencies', read.dependencies ?? [], opts.skip);
    const projects = await typeableRows(conn, tmp, 'projects', read.projects ?? [], opts.skip);
    const eventsFile = writeNdjson(tmp, 'events', events.map((r) => ({ event_id: r.id, row: r })));
    const tasksFile = writeNdjson(tmp, 'tasks', tasks.map((r) => ({ task_id: String(r.id), row: r })));
    const depsFile = writeNdjson(tmp, 'dependencies', dependencies.map((r) => ({ row: r })));
    const projectsFile = writeNdjson(tmp, 'projects', projects.map((r) => ({ project_id: String(r.id), row: r })));
    await withTransaction(conn, () =>
      runStatements(conn, 'load', 'tg_snapshot', {
        events: eventsFile,
        tasks: tasksFile,
        dependencies: depsFile,
        projects: projectsFile,
        snapshot_id: snapshotId,
        tasks_db: read.location,
        max_event_id: read.maxEventId,
        events_new: events.length,
        tasks_copied: tasks.length,
        full_reload: fullReload,
        whole: read.whole,
        dependencies_read: read.dependencies !== null,
      }),
    );
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
  return { tasks: await scalar(conn, 'SELECT count(*) FROM raw_tg_tasks'), events_new: read.events.length };
};
