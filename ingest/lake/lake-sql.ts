// The lake's SQL (sql/lake/*.sql) with its placeholders filled. The statements are generic over
// the declared raw tables, so table and column names are spliced in as quoted identifiers; values
// are always bound parameters. Nothing spliced in comes from a user or a file: names come from
// ingest/lake/raw-tables.ts and the warehouse's own catalog, paths are quoted as literals.
import type { DuckDBConnection } from '@duckdb/node-api';
import { readSql } from '../../warehouse/sql-files';

/** A quoted SQL identifier. */
export function ident(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

/** A quoted SQL string literal (for COPY targets, which cannot be parameters). */
export function literal(text: string): string {
  return `'${text.replace(/'/g, "''")}'`;
}

export function lakeSql(name: string, vars: Readonly<Record<string, string>> = {}): string {
  return readSql('lake', name).replace(/\{\{(\w+)\}\}/g, (_m, key: string) => {
    const v = vars[key];
    if (v === undefined) throw new Error(`sql/lake/${name}.sql: no value for {{${key}}}`);
    return v;
  });
}

export type Params = Record<string, string | number | boolean | null>;

export async function runLake(conn: DuckDBConnection, name: string, params: Params = {}, vars: Readonly<Record<string, string>> = {}): Promise<void> {
  try {
    await conn.run(lakeSql(name, vars), params as never);
  } catch (e) {
    throw new Error(`sql/lake/${name}.sql: ${(e as Error).message}`);
  }
}

export async function rowsLake(conn: DuckDBConnection, name: string, params: Params = {}, vars: Readonly<Record<string, string>> = {}): Promise<Record<string, unknown>[]> {
  try {
    return (await conn.runAndReadAll(lakeSql(name, vars), params as never)).getRowObjectsJS() as Record<string, unknown>[];
  } catch (e) {
    throw new Error(`sql/lake/${name}.sql: ${(e as Error).message}`);
  }
}

export interface Column {
  name: string;
  type: string;
}

/** A table's columns in order (empty when the table does not exist). */
export async function columnsOf(conn: DuckDBConnection, table: string): Promise<Column[]> {
  return (await rowsLake(conn, 'table_columns', { table })).map((r) => ({ name: String(r.name), type: String(r.type) }));
}
