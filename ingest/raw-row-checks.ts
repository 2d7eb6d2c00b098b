// Rows the model build could not type, found before they are stored. The staging views over the
// raw_tg_* tables type each field with CAST(row->>'field' AS TYPE); one task with a priority of
// 3000000000 (or "high") made that CAST fail and with it every later build and publish. So the
// same casts are tried (TRY_CAST) on the rows a snapshot is about to store, and a row that would
// fail one is skipped and named instead. The casts are read from the staging SQL itself, so the
// check and the view cannot drift apart. Times must also be finite, in years 1970-9999 (as the
// journal's ts: "infinity" casts, and then breaks every report).
import type { DuckDBConnection } from '@duckdb/node-api';
import { readSql } from '../warehouse/sql-files';

export interface TypedField {
  field: string;
  type: string;
}

export interface Uncastable {
  key: string;
  field: string;
  type: string;
  value: string;
}

/** Every `CAST(row->>'field' AS TYPE)` in a staging view. */
export function castsIn(stagingSql: string): TypedField[] {
  return [...stagingSql.matchAll(/CAST\(row->>'([A-Za-z_][A-Za-z0-9_]*)' AS ([A-Z]+)\)/g)].map((m) => ({ field: m[1], type: m[2] }));
}

/**
 * Rows of a snapshot NDJSON file (`{row}` per line, each row with its "id") on which one of the
 * staging view's casts fails (sql/load/uncastable_rows.sql). Field names and types come from our
 * SQL files (identifiers only, as castsIn's pattern admits), never from the data; the file is a
 * bound parameter.
 */
export async function uncastableRows(conn: DuckDBConnection, ndjson: string, stagingView: string): Promise<Uncastable[]> {
  const casts = castsIn(readSql('staging', stagingView));
  if (casts.length === 0) return [];
  const bad = (f: TypedField) => {
    const v = `TRY_CAST(row->>'${f.field}' AS ${f.type})`;
    return f.type === 'TIMESTAMP' ? `NOT coalesce(year(${v}) BETWEEN 1970 AND 9999, false)` : `${v} IS NULL`;
  };
  const checks = casts.map(
    (f) => `SELECT row->>'id' AS key, '${f.field}' AS field, '${f.type}' AS type, row->>'${f.field}' AS value FROM src WHERE row->>'${f.field}' IS NOT NULL AND ${bad(f)}`,
  );
  const sql = readSql('load', 'uncastable_rows').replace('{{checks}}', () => checks.join('\nUNION ALL\n'));
  const r = await conn.runAndReadAll(sql, { file: ndjson });
  return r.getRowObjectsJS().map((o) => ({ key: String(o.key), field: String(o.field), type: String(o.type), value: String(o.value) }));
}
