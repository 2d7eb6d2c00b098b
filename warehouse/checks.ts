// sql/checks/*.sql: invariants of the warehouse as queries that must return no rows. Run after
// every ingest (failures are reported by ingest, not thrown) and in the tests.
import type { DuckDBConnection } from '@duckdb/node-api';
import { plain } from '../core/json';
import { readSql, sqlNames } from './sql-files';

export interface CheckFailure {
  check: string;
  /** Rows the check returned (-1: the check itself failed to run). */
  rows: number;
  sample: unknown[];
}

export function checkNames(): string[] {
  return sqlNames('checks');
}

export async function runChecks(conn: DuckDBConnection): Promise<CheckFailure[]> {
  const failures: CheckFailure[] = [];
  for (const name of checkNames()) {
    const sql = readSql('checks', name).trim().replace(/;\s*$/, '');
    let rows: Record<string, unknown>[];
    try {
      rows = (await conn.runAndReadAll(`SELECT * FROM (${sql}) LIMIT 6`)).getRowObjectsJS();
    } catch (err) {
      failures.push({ check: name, rows: -1, sample: [`the check itself failed: ${(err as Error).message}`] });
      continue;
    }
    if (rows.length === 0) continue;
    const count = (await conn.runAndReadAll(`SELECT count(*) AS n FROM (${sql})`)).getRowObjectsJS()[0].n;
    failures.push({ check: name, rows: Number(count), sample: rows.slice(0, 5).map((r) => plain(r)) });
  }
  return failures;
}
