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
//   transaction); DuckDB loads it with read_json from private temp NDJSON files (read_json is
//   ~5× the Appender's rows/s, perf-baselines §3): sql/load/tg_snapshot.sql, one transaction.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { DuckDBConnection } from '@duckdb/node-api';
import type { TaskGraphStep, TaskGraphStepStats } from './contracts';
import { graphExists, readSnapshot, type GraphSnapshot } from '../state/read';
import { withTransaction } from '../warehouse/db';
import { runStatements } from '../warehouse/sql-files';

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
  if (!graphExists(tasksDbPath)) return { tasks: await scalar(conn, 'SELECT count(*) FROM raw_tg_tasks'), events_new: 0 };

  const cursor = await scalar(conn, 'SELECT coalesce(max(event_id), 0) FROM raw_tg_events');
  const copied = await scalar(conn, 'SELECT count(*) FROM raw_tg_tasks');
  const read: GraphSnapshot = readSnapshot(tasksDbPath, cursor, { whole: cursor === 0 || copied === 0 });
  if (read.events.length === 0 || !read.tasks) return { tasks: copied, events_new: 0 };

  const fullReload = read.maxEventId < cursor;
  const snapshotId = (await scalar(conn, 'SELECT coalesce(max(snapshot_id), 0) FROM raw_tg_snapshots')) + 1;
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'agentdag-tg-'));
  try {
    const eventsFile = writeNdjson(tmp, 'events', read.events.map((r) => ({ event_id: r.id, row: r })));
    const tasksFile = writeNdjson(tmp, 'tasks', read.tasks.map((r) => ({ task_id: String(r.id), row: r })));
    const depsFile = writeNdjson(tmp, 'dependencies', (read.dependencies ?? []).map((r) => ({ row: r })));
    const projectsFile = writeNdjson(tmp, 'projects', (read.projects ?? []).map((r) => ({ project_id: String(r.id), row: r })));
    await withTransaction(conn, () =>
      runStatements(conn, 'load', 'tg_snapshot', {
        events: eventsFile,
        tasks: tasksFile,
        dependencies: depsFile,
        projects: projectsFile,
        snapshot_id: snapshotId,
        tasks_db: read.location,
        max_event_id: read.maxEventId,
        events_new: read.events.length,
        tasks_copied: read.tasks!.length,
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
