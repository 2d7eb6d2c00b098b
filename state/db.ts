// Opening the task-graph SQLite file: WAL (readers never wait for the writer), a busy handler
// (without one, 8 claiming processes saw 239,507 SQLITE_BUSY in the spike), foreign keys on,
// synchronous=NORMAL (durable across process crashes in WAL; FULL cost 10× per claim), and the
// recorded migrations applied. The file is created owner-only: task results can hold anything.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type BetterSqlite3 from 'better-sqlite3';
import { DIR_MODE, FILE_MODE } from '../core/data-dir';
import { migrate } from './migrate';

export type Db = BetterSqlite3.Database;

export interface OpenOptions {
  /** Milliseconds a writer waits for the lock before SQLITE_BUSY (default 10 s). */
  busyTimeoutMs?: number;
  readonly?: boolean;
}

/**
 * The compiled addon, named directly: better-sqlite3 otherwise finds it with the `bindings`
 * package, which probes a dozen paths on every start (~5 ms of each `task go`). Undefined (its own
 * search) when the build is elsewhere.
 */
function nativeBinding(): string | undefined {
  try {
    const file = path.join(path.dirname(require.resolve('better-sqlite3/package.json')), 'build', 'Release', 'better_sqlite3.node');
    return fs.existsSync(file) ? file : undefined;
  } catch {
    return undefined;
  }
}

export function openDb(file: string, opts: OpenOptions = {}): Db {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const Database = require('better-sqlite3') as typeof BetterSqlite3;
  if (!opts.readonly) {
    fs.mkdirSync(path.dirname(file), { recursive: true, mode: DIR_MODE });
    if (!fs.existsSync(file)) fs.closeSync(fs.openSync(file, 'a', FILE_MODE));
  }
  const db = new Database(file, { readonly: !!opts.readonly, fileMustExist: !!opts.readonly, nativeBinding: nativeBinding() });
  // One exec for all the pragmas (one call instead of six prepared statements: ~2 ms of a `task go`).
  const pragmas = [`busy_timeout = ${Math.max(0, Math.floor(opts.busyTimeoutMs ?? 10_000))}`];
  if (!opts.readonly) {
    // A status change writes ~7 WAL pages (task row, ready-queue and lease index entries, event row
    // and index), so the default checkpoint every 1,000 pages landed on 1 commit in ~140: inside the
    // p99. Every 4,000 pages puts it at 1 in ~570. Measured, claims on a 30k-task graph: p99
    // 2.4 ms → 0.55 ms (p99.9 grows: each checkpoint copies more). Bounded WAL file: 64 MiB.
    pragmas.push('journal_mode = WAL', 'synchronous = NORMAL', 'wal_autocheckpoint = 4000', 'journal_size_limit = 67108864');
  }
  pragmas.push('foreign_keys = ON');
  db.exec(pragmas.map((p) => `PRAGMA ${p};`).join(' '));
  if (!opts.readonly) migrate(db);
  return db;
}

// Never run ANALYZE (or PRAGMA optimize) on this file: better-sqlite3 is built with STAT4, and with
// sqlite_stat tables present every statement whose bound parameters meet an indexed column is
// re-prepared at each execution. Measured: claim p50 166 → 442 µs with an identical plan.

/** Run fn in a BEGIN IMMEDIATE transaction (a savepoint when already inside one). */
export function writeTx<T>(db: Db, fn: () => T): T {
  return db.transaction(fn).immediate();
}
