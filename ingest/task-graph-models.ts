// Builds the DAG-execution analytics (sql/dag/*.sql: tg_stg_* staging over raw_tg_*, then the
// task, wave and concurrency models) after the warehouse's own models: they read its facts
// (fact_api_call, fact_execution_step, fact_verification, dim_agent, v_api_call_cost) and the
// raw_tg_* snapshot. The order is explicit (each object reads only objects listed before it).
// The task graph's fan-outs and cancellations are then appended to fact_task_decomposition and
// fact_pruning_event (replacing the previous build's task-graph rows, so a skipped warehouse
// build never doubles them).
// A build whose inputs (the task-graph snapshot, the warehouse build, this SQL) are unchanged is
// skipped, like the warehouse's own.
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { DuckDBConnection } from '@duckdb/node-api';
import { withTransaction } from './transcript-sources';
import { ensureTaskGraphRawTables } from './task-graph';
import { taskWaves, type Dependency, type LevelTask } from '../state/waves';
import { readSql, relationExists, runSql } from '../warehouse/sql-files';

export const TASK_GRAPH_MODELS: [layer: string, name: string][] = [
  ['dag', 'tg_stg_events'],
  ['dag', 'tg_stg_tasks'],
  ['dag', 'tg_stg_dependencies'],
  ['dag', 'tg_stg_projects'],
  ['dag', 'tg_api_calls'],
  ['dag', 'tg_tool_steps'],
  ['dag', 'tg_verifications'],
  ['dag', 'tg_subagents'],
  ['dag', 'tg_task_claims'],
  ['js', 'tg_task_levels'],
  ['dag', 'tg_claimed'],
  ['dag', 'tg_claim_api_calls'],
  ['dag', 'tg_claim_tool_steps'],
  ['dag', 'task_cost'],
  ['dag', 'rpt_cost_per_task'],
  ['dag', 'v_cost_per_task'],
  ['dag', 'rpt_cost_per_verified_task'],
  ['dag', 'v_cost_per_verified_task'],
  ['dag', 'dag_execution_steps'],
  ['dag', 'dag_executions'],
  ['dag', 'tg_activity_intervals'],
  ['dag', 'tg_overlap_peaks'],
  ['dag', 'tg_activity_islands'],
  ['dag', 'tg_agent_spans'],
  ['dag', 'concurrent_execution_sessions'],
  ['dag', 'tg_wave_intervals'],
  ['dag', 'parallel_execution_waves'],
  ['dag', 'wave_statistics'],
  ['dag', 'rpt_wave_progress'],
  ['dag', 'v_wave_progress'],
  ['dag', 'rpt_dag_executions'],
  ['dag', 'rpt_concurrency'],
  ['dag', 'tg_task_decomposition'],
  ['dag', 'tg_pruning_event'],
];

/** Builds tg_task_levels with the live dashboard's wave computation (state/waves.ts says why not SQL) (task_id, project_id, wave_number) from the task-graph snapshot. */
export async function buildTaskLevels(conn: DuckDBConnection): Promise<void> {
  const tasks = (await conn.runAndReadAll('SELECT task_id AS id, parent_task_id, kind, project_id FROM tg_stg_tasks')).getRowObjectsJS() as unknown as (LevelTask & { project_id: string })[];
  const deps = (await conn.runAndReadAll('SELECT from_task, to_task, kind FROM tg_stg_dependencies')).getRowObjectsJS() as unknown as Dependency[];
  const levels = taskWaves(tasks, deps);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'agentdag-levels-'));
  try {
    const file = path.join(dir, 'levels.ndjson');
    const rows = tasks.filter((t) => levels.has(t.id)).map((t) => JSON.stringify({ task_id: t.id, project_id: t.project_id, wave_number: levels.get(t.id) }));
    fs.writeFileSync(file, rows.join('\n') + '\n', { mode: 0o600 });
    await conn.run(
      `CREATE OR REPLACE TABLE tg_task_levels AS
       SELECT * FROM read_json($1, format = 'newline_delimited', columns = {task_id: 'VARCHAR', project_id: 'VARCHAR', wave_number: 'INTEGER'})`,
      [file],
    );
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** Models built in TypeScript rather than SQL, each for a measured reason in its module. */
const JS_MODELS: Record<string, (conn: DuckDBConnection) => Promise<void>> = {
  tg_task_levels: buildTaskLevels,
};

async function buildOne(conn: DuckDBConnection, layer: string, name: string): Promise<void> {
  if (layer === 'js') return JS_MODELS[name](conn);
  return runSql(conn, layer, name);
}

/** Task-graph rows appended to the warehouse's facts of the same shape. */
const APPENDS: [fact: string, source: string][] = [
  ['fact_task_decomposition', 'tg_task_decomposition'],
  ['fact_pruning_event', 'tg_pruning_event'],
];

/** What the DAG models depend on: the snapshot, the warehouse build, and their own SQL. */
async function fingerprint(conn: DuckDBConnection): Promise<string> {
  const warehouseBuild = (await relationExists(conn, 'model_build_state'))
    ? 'SELECT CAST(max(fingerprint) AS VARCHAR) FROM model_build_state'
    : 'SELECT NULL';
  const r = await conn.runAndReadAll(
    `SELECT (SELECT coalesce(max(snapshot_id), 0) FROM raw_tg_snapshots) AS snapshot, (${warehouseBuild}) AS warehouse`,
  );
  const h = createHash('sha256');
  h.update(JSON.stringify(r.getRowsJson()));
  for (const [layer, name] of TASK_GRAPH_MODELS) h.update(layer === 'js' ? JS_MODELS[name].toString() : readSql(layer, name));
  return h.digest('hex');
}

export async function buildTaskGraphModels(conn: DuckDBConnection, opts: { force?: boolean } = {}): Promise<{ skipped: boolean }> {
  await ensureTaskGraphRawTables(conn); // a warehouse that never saw a task graph still gets empty models
  await conn.run('CREATE TABLE IF NOT EXISTS tg_build_state (fingerprint VARCHAR NOT NULL, built_at TIMESTAMP NOT NULL)');
  const fp = await fingerprint(conn);
  const prev = (await conn.runAndReadAll('SELECT max(fingerprint) FROM tg_build_state')).getRowsJS()[0][0];
  if (!opts.force && prev === fp && (await relationExists(conn, 'dag_executions'))) return { skipped: true };
  await withTransaction(conn, async () => {
    for (const [layer, name] of TASK_GRAPH_MODELS) await buildOne(conn, layer, name);
    for (const [fact, source] of APPENDS) {
      if (!(await relationExists(conn, fact))) continue;
      await conn.run(`DELETE FROM ${fact} WHERE record_source LIKE 'task_graph:%'`);
      // BY NAME: the task graph fills the columns it knows; the others stay NULL.
      await conn.run(`INSERT INTO ${fact} BY NAME SELECT * FROM ${source}`);
    }
    await conn.run('DELETE FROM tg_build_state');
    await conn.run('INSERT INTO tg_build_state VALUES ($1, now()::TIMESTAMP)', [fp]);
  });
  return { skipped: false };
}
