// Reading the warehouse's SQL objects from sql/<layer>/<object>.sql (one object per file).
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { DuckDBConnection, DuckDBValue } from '@duckdb/node-api';
import { packageRoot } from '../core/package';

export function sqlDir(layer: string): string {
  return path.join(packageRoot(), 'sql', layer);
}

/** sql/<layer>/<name>.sql, read once per process (a model build reads each file up to three times, ingest runs a load statement per journal file). */
const cache = new Map<string, string>();
export function readSql(layer: string, name: string): string {
  const file = path.join(sqlDir(layer), `${name}.sql`);
  let text = cache.get(file);
  if (text === undefined) {
    text = fs.readFileSync(file, 'utf8');
    cache.set(file, text);
  }
  return text;
}

/** The object names of a layer, sorted (file names without .sql). */
export function sqlNames(layer: string, filter: (name: string) => boolean = () => true): string[] {
  const dir = sqlDir(layer);
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.sql'))
    .map((f) => f.slice(0, -4))
    .filter(filter)
    .sort();
}

export async function runSql(conn: DuckDBConnection, layer: string, name: string): Promise<void> {
  try {
    await conn.run(readSql(layer, name));
  } catch (err) {
    throw new Error(`sql/${layer}/${name}.sql: ${(err as Error).message}`);
  }
}

/**
 * Run a file of several statements (split at a `;` that ends a line), binding to each statement
 * only the named parameters it uses (a prepared statement holds one statement).
 */
export async function runStatements(conn: DuckDBConnection, layer: string, name: string, params: Record<string, DuckDBValue> = {}): Promise<void> {
  const text = readSql(layer, name).replace(/--[^\n]*/g, '');
  for (const stmt of text.split(/;\s*\n/).map((s) => s.trim().replace(/;$/, '')).filter(Boolean)) {
    const used = Object.fromEntries(Object.entries(params).filter(([k]) => new RegExp(`\\$${k}\\b`).test(stmt)));
    try {
      if (Object.keys(used).length) await conn.run(stmt, used);
      else await conn.run(stmt);
    } catch (err) {
      throw new Error(`sql/${layer}/${name}.sql: ${(err as Error).message}`);
    }
  }
}

/** True when a table or view of that name exists in the main schema. */
export async function relationExists(conn: DuckDBConnection, name: string): Promise<boolean> {
  const r = await conn.runAndReadAll(
    `SELECT 1 FROM information_schema.tables WHERE table_schema = 'main' AND table_name = $1`,
    [name],
  );
  return r.currentRowCount > 0;
}
