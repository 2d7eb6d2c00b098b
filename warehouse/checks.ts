// sql/checks/*.sql: invariants of the warehouse as queries that must return no rows. Run after
// every ingest (failures are reported by ingest, not thrown) and in the tests.
//
// Read whole, they cost what history costs (~0.4 s over 1,000,000 events), so ingest checks what
// its build changed and keeps what earlier runs found (sql/raw/last_checks.sql):
//   skipped build      nothing they read changed: the last run's findings are reported again;
//   incremental build  a check whose header says `-- scope: sessions` reads only the sessions the
//                      build rebuilt (its SQL filters with in_scope(), the build's scope); what it
//                      found in the other sessions is kept from the runs that built them
//                      (last_check_sessions). The other checks are cheap and run whole;
//   full build, or no usable record (first run, a run killed after its build, other check SQL):
//                      every check over everything.
// So a failure stays reported, run after run, until a build fixes it.
import { createHash } from 'node:crypto';
import type { DuckDBConnection } from '@duckdb/node-api';
import { plain } from '../core/json';
import type { BuildResult } from './build';
import { withTransaction } from './db';
import { readSql, runStatements, sqlNames } from './sql-files';

export interface CheckFailure {
  check: string;
  /** Rows the check returned (-1: the check itself failed to run). */
  rows: number;
  sample: unknown[];
}

export function checkNames(): string[] {
  return sqlNames('checks');
}

function checkSql(name: string): string {
  return readSql('checks', name).trim().replace(/;\s*$/, '');
}

/** A check that reads only the sessions in scope and names each row's session (`-- scope: sessions`). */
function perSession(name: string): boolean {
  return /^--\s*scope:\s*sessions\b/m.test(readSql('checks', name));
}

/** Every check over everything (the tests' entry point, and ingest's when it has no usable record). */
export async function runChecks(conn: DuckDBConnection): Promise<CheckFailure[]> {
  await runStatements(conn, 'build', 'scope_everything');
  const failures: CheckFailure[] = [];
  for (const name of checkNames()) {
    const failure = await runCheck(conn, name);
    if (failure) failures.push(failure);
  }
  return failures;
}

/** A check whose SQL itself failed: reported as such (rows -1), never as passing. */
function couldNotRun(name: string, err: unknown): CheckFailure {
  return { check: name, rows: -1, sample: [`the check itself failed: ${(err as Error).message}`] };
}

async function runCheck(conn: DuckDBConnection, name: string): Promise<CheckFailure | null> {
  const sql = checkSql(name);
  let rows: Record<string, unknown>[];
  try {
    rows = (await conn.runAndReadAll(`SELECT * FROM (${sql}) LIMIT 6`)).getRowObjectsJS();
  } catch (err) {
    return couldNotRun(name, err);
  }
  if (rows.length === 0) return null;
  const count = (await conn.runAndReadAll(`SELECT count(*) AS n FROM (${sql})`)).getRowObjectsJS()[0].n;
  return { check: name, rows: Number(count), sample: rows.slice(0, 5).map((r) => plain(r)) };
}

/** sha256 of the check SQL: findings recorded by other checks (an older version) are not reused. */
function checksSha(): string {
  const h = createHash('sha256');
  for (const name of checkNames()) h.update(name).update('\0').update(readSql('checks', name)).update('\0');
  return h.digest('hex');
}

/** The checks after ingest's build (`build` null: the models stage did not run). `reused`: nothing ran. */
export async function checkAfterBuild(conn: DuckDBConnection, build: BuildResult | null): Promise<{ failures: CheckFailure[]; reused: boolean }> {
  const sha = checksSha();
  const recorded = build && build.mode !== 'full' && build.previous_built_at !== null ? await recordedChecks(conn, build.previous_built_at, sha) : null;
  if (recorded && build!.mode === 'skipped') return { failures: recorded, reused: true };
  // Incremental with a record of the build before: the build's in_scope() is still defined.
  const scoped = recorded !== null;
  if (!scoped) await runStatements(conn, 'build', 'scope_everything');
  const whole: CheckFailure[] = [];
  const sessionRows: SessionFinding[] = [];
  for (const name of checkNames()) {
    const found = perSession(name) ? await runPerSession(conn, name) : await runCheck(conn, name);
    if (Array.isArray(found)) sessionRows.push(...found);
    else if (found) whole.push(found);
  }
  // A check that could not run leaves the record unusable: the next run checks everything again.
  const complete = whole.every((f) => f.rows !== -1);
  const failures = await withTransaction(conn, async () => {
    await replaceSessionRows(conn, sessionRows, scoped);
    const summed = (await conn.runAndReadAll(readSql('build', 'last_check_sessions_sum'))).getRowObjectsJS();
    const perSessionFailures = summed
      .filter((r) => !whole.some((f) => f.check === r.check_name)) // one that failed to run is reported as such
      .map((r) => ({ check: String(r.check_name), rows: Number(r.failing_rows), sample: JSON.parse(String(r.sample)) as unknown[] }));
    const all = [...whole, ...perSessionFailures].sort((a, b) => a.check.localeCompare(b.check));
    await runStatements(conn, 'build', 'last_checks_write', { checks_sha: complete ? sha : 'incomplete', failures: JSON.stringify(all) });
    return all;
  });
  return { failures, reused: false };
}

interface SessionFinding {
  check: string;
  session_key: string;
  failing_rows: number;
  /** Up to 5 of the rows, a JSON array of objects. */
  sample: string;
}

/** A per-session check's rows, counted and sampled by session (or the failure of the check itself). */
async function runPerSession(conn: DuckDBConnection, name: string): Promise<SessionFinding[] | CheckFailure> {
  try {
    const rows = (await conn.runAndReadAll(
      `SELECT coalesce(CAST(session_id AS VARCHAR), '') AS session_key, count(*) AS failing_rows, CAST(to_json(list(c)[1:5]) AS VARCHAR) AS sample
       FROM (${checkSql(name)}) c GROUP BY 1`,
    )).getRowObjectsJS();
    return rows.map((r) => ({ check: name, session_key: String(r.session_key), failing_rows: Number(r.failing_rows), sample: String(r.sample) }));
  } catch (err) {
    return couldNotRun(name, err);
  }
}

/** The findings recorded after the build at `builtAt` by this check SQL; null when there are none. */
async function recordedChecks(conn: DuckDBConnection, builtAt: string, sha: string): Promise<CheckFailure[] | null> {
  const rows = (await conn.runAndReadAll(readSql('build', 'last_checks_read'), { built_at: builtAt, checks_sha: sha })).getRowsJS();
  return rows.length ? (JSON.parse(String(rows[0][0])) as CheckFailure[]) : null;
}

/**
 * last_check_sessions after this run: scoped, the rows of the sessions in scope (and of any session
 * a check named now, e.g. the other copy of a repeated event id) are replaced; else all of them.
 */
async function replaceSessionRows(conn: DuckDBConnection, rows: SessionFinding[], scoped: boolean): Promise<void> {
  await runStatements(conn, 'build', 'found_check_sessions');
  if (rows.length) {
    const appender = await conn.createAppender('found_check_sessions', 'main', 'temp');
    for (const r of rows) {
      appender.appendVarchar(r.check);
      appender.appendVarchar(r.session_key);
      appender.appendBigInt(BigInt(r.failing_rows));
      appender.appendVarchar(r.sample);
      appender.endRow();
    }
    appender.closeSync();
  }
  await runStatements(conn, 'build', scoped ? 'last_check_sessions_merge' : 'last_check_sessions_replace');
  await conn.run('DROP TABLE found_check_sessions');
}
