// The task graph in PostgreSQL (AGENTDAG_TASKS_URL=postgres://…), for agents on several machines.
// The same engine SQL runs here (tokens expanded by pg-sql.ts, per-store queries in
// state/sql/postgres/), through a synchronous client (pg-bridge.ts). Every write transaction
// first takes one transaction-level advisory lock per graph, so writers are serialized exactly as
// SQLite serializes them: the engine's read-then-write steps stay correct, and event ids are
// handed out in commit order (a reader's `id > cursor` never skips a late commit). Readers never
// wait (MVCC). The claim also locks its row with FOR UPDATE SKIP LOCKED.
import { UserError } from '../../core/errors';
import { busyError } from './sqlite';
import { PgError, SyncPg } from './pg-bridge';
import { migratePostgres } from './pg-migrate';
import { pgValues, PgStatement, toPg } from './pg-sql';
import { storeQuery } from './sql-files';
import type { Stmt, Store, StoreQuery } from './store';

/** The URL without its password, for messages and records. */
export function safeUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return url.replace(/\/\/([^:@/]+):[^@/]*@/, '//$1:***@');
  }
}

/** The schema the graph lives in: ?schema=NAME, default "agentdag" (never a shared database's public). */
function splitSchema(url: string): { connectionString: string; schema: string } {
  const u = new URL(url);
  const schema = u.searchParams.get('schema') || 'agentdag';
  u.searchParams.delete('schema');
  if (!/^[A-Za-z_][A-Za-z0-9_]{0,62}$/.test(schema)) {
    throw new UserError(`the schema "${schema}" in AGENTDAG_TASKS_URL is not a plain identifier`, 'use letters, digits and _ only, e.g. ?schema=agentdag_team_a', 2);
  }
  return { connectionString: u.toString(), schema };
}

/** Connection and permission failures, worded with what to do. */
function explainPgError(e: unknown, where: string): unknown {
  const err = e as PgError & { errno?: string };
  const code = err.code ?? '';
  if (code === '55P03' || code === '40P01') return busyError(where);
  if (['ECONNREFUSED', 'ENOTFOUND', 'EHOSTUNREACH', 'ETIMEDOUT', 'ECONNRESET', '57P01', '57P03'].includes(code)) {
    return new UserError(`cannot reach the PostgreSQL task graph at ${where} (${code})`, 'start the server or fix AGENTDAG_TASKS_URL; unset it to use the SQLite file in the data dir');
  }
  if (code === '28P01' || code === '28000' || code === '3D000' || code === '42501') {
    return new UserError(`PostgreSQL refused the task graph at ${where}: ${err.message} (${code})`, 'fix the user, password or database in AGENTDAG_TASKS_URL, or grant the user CREATE on the database');
  }
  return e;
}

export class PostgresStore implements Store {
  readonly kind = 'postgres' as const;
  readonly location: string;
  private readonly pg: SyncPg;
  private readonly statements = new Map<string, PgStatement & { name: string }>();
  private readonly lockKey: number;
  private depth = 0;

  private constructor(url: string, opts: { busyTimeoutMs?: number; readonly?: boolean }) {
    this.location = safeUrl(url);
    const { connectionString, schema } = splitSchema(url);
    const lockMs = Math.max(1, Math.floor(opts.busyTimeoutMs ?? 10_000));
    // Create the schema when missing (a race between two first connections is harmless: 42P06/23505).
    const setup = `DO $$ BEGIN CREATE SCHEMA IF NOT EXISTS "${schema}"; EXCEPTION WHEN duplicate_schema OR unique_violation THEN NULL; END $$;
      SET search_path TO "${schema}"; SET lock_timeout = ${lockMs}; SET application_name = 'agentdag'`;
    try {
      this.pg = new SyncPg({ connectionString }, opts.readonly ? setup.replace(/DO \$\$.*?\$\$;/s, '') : setup);
    } catch (e) {
      throw explainPgError(e, this.location);
    }
    this.lockKey = (this.pg.query(`SELECT hashtext('agentdag:' || current_database() || ':${schema}') AS k`, []).rows[0] as { k: number }).k;
  }

  get inTransaction(): boolean {
    return this.depth > 0;
  }

  static open(url: string, opts: { busyTimeoutMs?: number; readonly?: boolean } = {}): PostgresStore {
    const store = new PostgresStore(url, opts);
    if (!opts.readonly) {
      try {
        migratePostgres(store);
      } catch (e) {
        store.close();
        throw e;
      }
    }
    return store;
  }

  prepare(sql: string): Stmt {
    let st = this.statements.get(sql);
    if (!st) {
      st = { ...toPg(sql), name: `agentdag_${this.statements.size + 1}` };
      this.statements.set(sql, st);
    }
    const s = st;
    const run = (params: unknown[]) => this.call(() => this.pg.query(s.text, pgValues(s, params), s.name));
    return {
      get: (...p) => run(p).rows[0],
      all: (...p) => run(p).rows,
      run: (...p) => ({ changes: run(p).rowCount }),
    };
  }

  /** Statements without parameters, several at once (migrations, transaction control). */
  exec(sql: string): void {
    this.call(() => this.pg.exec(sql));
  }

  query(name: StoreQuery): string {
    return storeQuery('postgres', name);
  }

  tx<T>(fn: () => T): T {
    return this.inTx(`BEGIN; SELECT pg_advisory_xact_lock(${this.lockKey})`, fn, true);
  }

  rollbackAfter<T>(fn: () => T): T {
    return this.inTx(`BEGIN; SELECT pg_advisory_xact_lock(${this.lockKey})`, fn, false);
  }

  readTx<T>(fn: () => T): T {
    return this.depth ? fn() : this.inTx('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY', fn, true);
  }

  hasTable(name: string): boolean {
    return this.prepare('SELECT 1 FROM pg_catalog.pg_class c WHERE c.relname = ? AND c.relnamespace = current_schema()::regnamespace').get(name) !== undefined;
  }

  isUniqueViolation(e: unknown): boolean {
    return (e as PgError).code === '23505';
  }

  integrityProblems(): string[] {
    return []; // PostgreSQL checks its own pages (data checksums, amcheck are the DBA's)
  }

  close(): void {
    this.pg.close();
  }

  private inTx<T>(begin: string, fn: () => T, commit: boolean): T {
    if (this.depth > 0) {
      const sp = `agentdag_sp${this.depth}`;
      this.exec(`SAVEPOINT ${sp}`);
      this.depth++;
      try {
        const r = fn();
        this.exec(commit ? `RELEASE SAVEPOINT ${sp}` : `ROLLBACK TO SAVEPOINT ${sp}; RELEASE SAVEPOINT ${sp}`);
        return r;
      } catch (e) {
        this.exec(`ROLLBACK TO SAVEPOINT ${sp}; RELEASE SAVEPOINT ${sp}`);
        throw e;
      } finally {
        this.depth--;
      }
    }
    try {
      this.exec(begin);
    } catch (e) {
      try {
        this.exec('ROLLBACK'); // BEGIN ran, the lock did not come: end the aborted transaction
      } catch {
        // the connection is gone
      }
      throw e;
    }
    this.depth = 1;
    try {
      const r = fn();
      this.exec(commit ? 'COMMIT' : 'ROLLBACK');
      return r;
    } catch (e) {
      try {
        this.exec('ROLLBACK');
      } catch {
        // the connection is gone: the server rolls back on its own
      }
      throw e;
    } finally {
      this.depth = 0;
    }
  }

  private call<T>(fn: () => T): T {
    try {
      return fn();
    } catch (e) {
      throw explainPgError(e, this.location);
    }
  }
}
