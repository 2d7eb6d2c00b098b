// The default store: one SQLite file in the data dir (state/db.ts opens it: WAL, busy timeout,
// foreign keys, recorded migrations). SQLite serializes writers itself (BEGIN IMMEDIATE), so the
// engine's read-then-write steps and the event ids' order need nothing more.
import type BetterSqlite3 from 'better-sqlite3';
import { UserError } from '../../core/errors';
import { ISO_UTC_STRFTIME } from '../../core/time';
import { Db, openDb, writeTx } from '../db';
import { expandTokens } from '../sql';
import { storeQuery } from './sql-files';
import type { Stmt, Store, StoreQuery } from './store';

/** SQLite's spelling of the tokens of state/sql.ts. */
const TOKENS: Record<string, string> = {
  NOW: `strftime('${ISO_UTC_STRFTIME}', 'now')`,
  LEASE_END: `strftime('${ISO_UTC_STRFTIME}', 'now', '+' || lease_seconds || ' seconds')`,
  ROWID: 'rowid',
  // SQLite has one writer at a time: the claim's single UPDATE is atomic as it is.
  SKIP_LOCKED: '',
};

/** Turn the ways opening (or first reading) the file can fail into errors that say what to do. */
export function explainSqliteError(e: unknown, file: string): unknown {
  const code = (e as { code?: string }).code ?? '';
  if (code === 'SQLITE_NOTADB' || code.startsWith('SQLITE_CORRUPT')) {
    return new UserError(
      `${file} is not a readable task graph (${code})`,
      `move it aside (mv ${file} ${file}.bad) and agentdag starts a new one; the events table of the old file may still be readable with sqlite3`,
    );
  }
  if (['EACCES', 'EPERM', 'EROFS', 'ENOTDIR', 'SQLITE_CANTOPEN', 'SQLITE_READONLY'].includes(code)) {
    return new UserError(`cannot open ${file} for writing (${code})`, 'check the permissions of the data dir, or set AGENTDAG_HOME to a writable directory');
  }
  if (code.startsWith('SQLITE_BUSY')) return busyError(file);
  return e;
}

export function busyError(where: string): UserError {
  return new UserError(
    `the task graph is busy: another process held its write lock longer than the busy timeout (${where})`,
    'retry the command; if it keeps happening, look for a stuck process holding the file (fuser on Linux, lsof on macOS)',
    75,
  );
}

export class SqliteStore implements Store {
  readonly kind = 'sqlite' as const;
  private readonly cache = new Map<string, BetterSqlite3.Statement>();

  constructor(
    readonly db: Db,
    readonly location: string,
  ) {}

  get inTransaction(): boolean {
    return this.db.inTransaction;
  }

  static open(file: string, opts: { busyTimeoutMs?: number; readonly?: boolean }): SqliteStore {
    try {
      return new SqliteStore(openDb(file, opts), file);
    } catch (e) {
      throw explainSqliteError(e, file);
    }
  }

  prepare(sql: string): Stmt {
    let s = this.cache.get(sql);
    if (!s) {
      s = this.db.prepare(expandTokens(sql, TOKENS));
      this.cache.set(sql, s);
    }
    return s as unknown as Stmt;
  }

  query(name: StoreQuery): string {
    return storeQuery('sqlite', name);
  }

  tx<T>(fn: () => T): T {
    return this.mapErrors(() => writeTx(this.db, fn));
  }

  rollbackAfter<T>(fn: () => T): T {
    return this.mapErrors(() => {
      this.db.exec('BEGIN IMMEDIATE');
      try {
        return fn();
      } finally {
        this.db.exec('ROLLBACK');
      }
    });
  }

  readTx<T>(fn: () => T): T {
    return this.mapErrors(() => this.db.transaction(fn)());
  }

  hasTable(name: string): boolean {
    return this.prepare("SELECT 1 FROM sqlite_master WHERE type IN ('table', 'view') AND name = ?").get(name) !== undefined;
  }

  isUniqueViolation(e: unknown): boolean {
    const code = (e as { code?: string }).code;
    return code === 'SQLITE_CONSTRAINT_PRIMARYKEY' || code === 'SQLITE_CONSTRAINT_UNIQUE';
  }

  integrityProblems(): string[] {
    const rows = this.db.pragma('quick_check') as { quick_check: string }[];
    return rows.flatMap((r) => r.quick_check.split('\n')).filter((r) => r !== 'ok' && !r.startsWith('*** in database'));
  }

  close(): void {
    this.db.close();
  }

  /** A lock held past the busy timeout, a damaged file: errors that say what to do, for every edge. */
  private mapErrors<T>(fn: () => T): T {
    try {
      return fn();
    } catch (e) {
      throw explainSqliteError(e, this.location);
    }
  }
}
