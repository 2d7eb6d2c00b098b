// Waves: a task's wave is 1 + the longest chain of blocking edges above it. Computed with Kahn's
// topological order in O(tasks + edges), for the live dashboard (serve/api-live.ts) and for the
// warehouse's tg_task_levels alike, so both always agree.
// Why not SQL: a recursive CTE must enumerate (task, path length) pairs; on a 10k-task graph with
// skip edges that took 18.5 s here, against ~0.1 s for this (bench/dag.ts).
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { DuckDBConnection } from '@duckdb/node-api';

export interface Edge {
  from_task: string;
  to_task: string;
}

/** Wave of every task (1 for tasks with no upstream). Edges to unknown tasks are ignored; the task graph refuses cycles. */
export function dependencyLevels(taskIds: string[], edges: Edge[]): Map<string, number> {
  const level = new Map<string, number>();
  const indegree = new Map<string, number>();
  const out = new Map<string, string[]>();
  for (const id of taskIds) {
    level.set(id, 1);
    indegree.set(id, 0);
  }
  for (const e of edges) {
    if (!level.has(e.from_task) || !level.has(e.to_task)) continue;
    let list = out.get(e.from_task);
    if (!list) out.set(e.from_task, (list = []));
    list.push(e.to_task);
    indegree.set(e.to_task, indegree.get(e.to_task)! + 1);
  }
  const queue = taskIds.filter((id) => indegree.get(id) === 0);
  for (let head = 0; head < queue.length; head++) {
    const id = queue[head];
    const next = level.get(id)! + 1;
    for (const to of out.get(id) ?? []) {
      if (next > level.get(to)!) level.set(to, next);
      const left = indegree.get(to)! - 1;
      indegree.set(to, left);
      if (left === 0) queue.push(to);
    }
  }
  return level;
}

/** Builds tg_task_levels (task_id, project_id, wave_number) from tg_stg_tasks and tg_task_edges. */
export async function buildTaskLevels(conn: DuckDBConnection): Promise<void> {
  const tasks = (await conn.runAndReadAll("SELECT task_id, project_id FROM tg_stg_tasks WHERE kind = 'task'")).getRowObjectsJS() as { task_id: string; project_id: string }[];
  const edges = (await conn.runAndReadAll('SELECT from_task, to_task FROM tg_task_edges')).getRowObjectsJS() as unknown as Edge[];
  const levels = dependencyLevels(tasks.map((t) => t.task_id), edges);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'agentdag-levels-'));
  try {
    const file = path.join(dir, 'levels.ndjson');
    fs.writeFileSync(file, tasks.map((t) => JSON.stringify({ task_id: t.task_id, project_id: t.project_id, wave_number: levels.get(t.task_id) })).join('\n') + '\n', { mode: 0o600 });
    await conn.run(
      `CREATE OR REPLACE TABLE tg_task_levels AS
       SELECT * FROM read_json($1, format = 'newline_delimited', columns = {task_id: 'VARCHAR', project_id: 'VARCHAR', wave_number: 'INTEGER'})`,
      [file],
    );
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
