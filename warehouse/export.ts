// `agentdag export --parquet DIR`: the facts and dims as Parquet, fact tables Hive-partitioned by
// day (DIR/fact_api_call/call_date=2026-11-22/data_0.parquet), ready for a lake or a distributed
// engine (Spark, Trino, DuckDB's read_parquet('DIR/fact_api_call/**', hive_partitioning = true)).
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { DuckDBConnection } from '@duckdb/node-api';

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

export async function exportParquet(conn: DuckDBConnection, dir: string): Promise<ExportedTable[]> {
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  const out: ExportedTable[] = [];
  for (const [name, source, partition] of EXPORTS) {
    const target = path.join(dir, name);
    const n = Number((await conn.runAndReadAll(`SELECT count(*) AS n FROM ${source}`)).getRowObjectsJS()[0].n);
    if (partition) {
      // OVERWRITE replaces DIR/<table> only. A NULL date lands in call_date=NULL, not lost.
      await conn.run(`COPY (SELECT * FROM ${source}) TO ${literal(target)} (FORMAT parquet, PARTITION_BY (${partition}), OVERWRITE)`);
    } else {
      fs.mkdirSync(target, { recursive: true, mode: 0o700 });
      await conn.run(`COPY (SELECT * FROM ${source}) TO ${literal(path.join(target, 'data_0.parquet'))} (FORMAT parquet)`);
    }
    out.push({ table: name, rows: n, path: target });
  }
  return out;
}
