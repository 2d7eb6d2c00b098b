// Reading a data dir's published warehouse from a test: opened read-only and closed at once, so
// it never blocks an ingest (the way an analyst's tool should read it).
import * as path from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';

/** Rows of a query on `<home>/warehouse.duckdb`, as JSON-safe objects (BIGINT → number). */
export async function query(home: string, sql: string, params: unknown[] = []): Promise<Record<string, any>[]> {
  const instance = await DuckDBInstance.create(path.join(home, 'warehouse.duckdb'), { access_mode: 'READ_ONLY' });
  const conn = await instance.connect();
  try {
    const r = await conn.runAndReadAll(sql, params as never);
    return r.getRowObjectsJS().map((row) => {
      const out: Record<string, any> = {};
      for (const [k, v] of Object.entries(row)) out[k] = typeof v === 'bigint' ? Number(v) : v;
      return out;
    });
  } finally {
    conn.closeSync();
    instance.closeSync();
  }
}
