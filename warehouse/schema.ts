// The raw layer's tables (sql/raw/*.sql: what the loaders write, and the pipeline's own state),
// created in one place, once per ingest, before any stage runs. Every file is CREATE … IF NOT
// EXISTS, so applying them to an existing warehouse changes nothing.
import type { DuckDBConnection } from '@duckdb/node-api';
import { runSql, sqlNames } from './sql-files';

export async function applyRawSchema(conn: DuckDBConnection): Promise<void> {
  for (const name of sqlNames('raw')) await runSql(conn, 'raw', name);
}

/** The raw layer's table names (one per sql/raw/ file). */
export function rawTableNames(): string[] {
  return sqlNames('raw');
}
