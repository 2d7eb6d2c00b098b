// Read-only access to the published DuckDB warehouse for the dashboard.
//
// A DuckDB file is locked by one process at a time, and even a read-only reader blocks a
// writer, so the server never keeps the warehouse open: each batch of queries opens it
// read-only, reads, and closes (measured ~25-30 ms per open on this machine), and answers are
// cached for a couple of seconds so a dashboard refresh costs one open, not six.
import { plain, type Row } from '../core/json';
import { isUserError } from '../core/errors';
import type { DataPaths } from '../core/data-dir';
import { openReadOnly } from '../warehouse/db';

export class WarehouseUnavailable extends Error {
  constructor(message: string, readonly fix: string) {
    super(message);
  }
}

type Query = { sql: string; params?: unknown[] };

export class WarehouseReader {
  private queue: Promise<unknown> = Promise.resolve();
  private cache = new Map<string, { at: number; rows: Row[][] }>();

  constructor(private readonly paths: DataPaths, private readonly ttlMs = 2000) {}

  /** Runs the queries in one short read-only session; the result of each query is its rows. */
  async read(queries: Query[]): Promise<Row[][]> {
    const key = JSON.stringify(queries);
    const hit = this.cache.get(key);
    if (hit && Date.now() - hit.at < this.ttlMs) return hit.rows;
    // One open at a time: two instances of one file in one process would fight over its lock.
    const run = this.queue.then(() => this.readNow(queries));
    this.queue = run.catch(() => undefined);
    const rows = await run;
    this.cache.set(key, { at: Date.now(), rows });
    if (this.cache.size > 200) this.cache.delete(this.cache.keys().next().value as string);
    return rows;
  }

  private async readNow(queries: Query[]): Promise<Row[][]> {
    let conn;
    try {
      conn = await openReadOnly(this.paths);
    } catch (e) {
      if (isUserError(e)) throw new WarehouseUnavailable(e.message, e.fix ?? 'run `agentdag ingest`');
      throw e;
    }
    try {
      const out: Row[][] = [];
      for (const q of queries) {
        try {
          const reader = await conn.runAndReadAll(q.sql, (q.params ?? []) as never);
          out.push(reader.getRowObjectsJS().map((r) => plain(r) as Row));
        } catch (e) {
          const msg = (e as Error).message;
          if (/Catalog Error/.test(msg)) {
            throw new WarehouseUnavailable(`the warehouse lacks an object the dashboard reads (${msg.split('\n')[0]})`, 'run `agentdag ingest` with this version of agentdag to rebuild the models');
          }
          throw e;
        }
      }
      return out;
    } finally {
      conn.closeSync(); // also closes the instance: the file's lock is released at once
    }
  }
}
