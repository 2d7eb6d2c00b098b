// `agentdag export --parquet DIR`: the facts and dims as Parquet, fact tables Hive-partitioned by
// day (DIR/fact_api_call/call_date=2026-11-22/data_0.parquet), ready for a lake or a distributed
// engine (Spark, Trino, DuckDB's read_parquet('DIR/fact_api_call/**', hive_partitioning = true)).
//
// Each table is written into a fresh owner-only folder inside DIR, then renamed over
// DIR/<table>: the data can hold commands and file contents, so every file is 0600 and every
// folder 0700 whatever DIR held and whatever the umask; a reader never sees half a table; and
// what was at DIR/<table> is moved aside and removed without following symlinks (DuckDB's
// OVERWRITE deleted a symlink's target recursively).
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { DuckDBConnection } from '@duckdb/node-api';
import { DIR_MODE, FILE_MODE } from '../core/data-dir';
import { UserError } from '../core/errors';

/** Exported relations: [name in DIR, source, partition column or null]. */
export const EXPORTS: readonly (readonly [string, string, string | null])[] = [
  ['fact_api_call', 'v_api_call_cost', 'call_date'], // with its cost, priced at export time
  ['fact_execution_step', 'fact_execution_step', 'call_date'],
  ['fact_routing_decision', 'fact_routing_decision', 'call_date'],
  ['fact_synthesis_result', 'fact_synthesis_result', 'call_date'],
  ['fact_verification', 'fact_verification', 'call_date'],
  ['fact_task_decomposition', 'fact_task_decomposition', 'call_date'],
  ['fact_pruning_event', 'fact_pruning_event', 'call_date'],
  ['fact_session_event', 'fact_session_event', 'call_date'],
  ['dim_agent', 'dim_agent', null],
  ['dim_model_pricing', 'dim_model_pricing', null],
];

/** A path as a SQL string literal. COPY's target cannot be a bound parameter; quotes are doubled. */
function literal(p: string): string {
  return `'${p.replace(/'/g, "''")}'`;
}

export interface ExportedTable {
  table: string;
  rows: number;
  path: string;
}

/** Folders 0700 and files 0600 under `dir` (DuckDB creates them with the umask's modes). lstat: links are not followed. */
function ownerOnly(dir: string): void {
  fs.chmodSync(dir, DIR_MODE);
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    if (entry.isDirectory()) ownerOnly(p);
    else if (entry.isFile()) fs.chmodSync(p, FILE_MODE);
  }
}

/** Put `fresh` at `target`: whatever is there (a folder, a file, a symlink) is renamed aside and removed, never followed. */
function replace(target: string, fresh: string): void {
  let old: string | null = null;
  try {
    fs.lstatSync(target);
    old = `${fresh}.old`;
    fs.renameSync(target, old);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
  }
  fs.renameSync(fresh, target);
  // rm does not follow symlinks: a link is removed, not what it points to.
  if (old) fs.rmSync(old, { recursive: true, force: true });
}

export async function exportParquet(conn: DuckDBConnection, dir: string): Promise<ExportedTable[]> {
  if (fs.existsSync(dir) && !fs.statSync(dir).isDirectory()) throw new UserError(`--parquet ${dir} is a file, not a folder`, 'pass a folder (it is created if missing)', 2);
  fs.mkdirSync(dir, { recursive: true, mode: DIR_MODE });
  const work = fs.mkdtempSync(path.join(dir, '.agentdag-export-'));
  const out: ExportedTable[] = [];
  try {
    for (const [name, source, partition] of EXPORTS) {
      const fresh = path.join(work, name);
      fs.mkdirSync(fresh, { mode: DIR_MODE });
      const n = Number((await conn.runAndReadAll(`SELECT count(*) AS n FROM ${source}`)).getRowObjectsJS()[0].n);
      // A NULL date lands in call_date=NULL, not lost.
      if (partition) await conn.run(`COPY (SELECT * FROM ${source}) TO ${literal(fresh)} (FORMAT parquet, PARTITION_BY (${partition}))`);
      else await conn.run(`COPY (SELECT * FROM ${source}) TO ${literal(path.join(fresh, 'data_0.parquet'))} (FORMAT parquet)`);
      ownerOnly(fresh);
      const target = path.join(dir, name);
      replace(target, fresh);
      out.push({ table: name, rows: n, path: target });
    }
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
  return out;
}
