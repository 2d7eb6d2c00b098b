// sql/checks/*.sql: invariants of the warehouse as queries that must return no rows. Run after
// every ingest that built something (failures are reported by ingest, not thrown) and in the tests.
//
// They read whole tables, so their cost grows with history (~0.4 s over 1,000,000 events). When a
// run's build was skipped, nothing they read has changed since the last run checked it: ingest
// reports what that run recorded (recordedChecks, sql/raw/last_checks.sql) instead of running them.
import { createHash } from 'node:crypto';
import type { DuckDBConnection } from '@duckdb/node-api';
import { plain } from '../core/json';
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

export async function runChecks(conn: DuckDBConnection): Promise<CheckFailure[]> {
  const failures: CheckFailure[] = [];
  for (const name of checkNames()) {
    const sql = readSql('checks', name).trim().replace(/;\s*$/, '');
    let rows: Record<string, unknown>[];
    try {
      rows = (await conn.runAndReadAll(`SELECT * FROM (${sql}) LIMIT 6`)).getRowObjectsJS();
    } catch (err) {
      failures.push({ check: name, rows: -1, sample: [`the check itself failed: ${(err as Error).message}`] });
      continue;
    }
    if (rows.length === 0) continue;
    const count = (await conn.runAndReadAll(`SELECT count(*) AS n FROM (${sql})`)).getRowObjectsJS()[0].n;
    failures.push({ check: name, rows: Number(count), sample: rows.slice(0, 5).map((r) => plain(r)) });
  }
  return failures;
}

/** sha256 of the check SQL: findings recorded by other checks (an older version) are not reused. */
function checksSha(): string {
  const h = createHash('sha256');
  for (const name of checkNames()) h.update(name).update('\0').update(readSql('checks', name)).update('\0');
  return h.digest('hex');
}

/**
 * The checks after ingest's build (or none: `mode` null): run and recorded, or, when the build was
 * skipped, what an earlier run recorded for this same build, if it did (`reused`).
 */
export async function checkAfterBuild(conn: DuckDBConnection, mode: 'full' | 'incremental' | 'skipped' | null): Promise<{ failures: CheckFailure[]; reused: boolean }> {
  const recorded = mode === 'skipped' ? await recordedChecks(conn) : null;
  if (recorded) return { failures: recorded, reused: true };
  const failures = await runChecks(conn);
  await recordChecks(conn, failures);
  return { failures, reused: false };
}

/** What the checks found after the current build, recorded by an earlier run; null when they must run. */
async function recordedChecks(conn: DuckDBConnection): Promise<CheckFailure[] | null> {
  const rows = (await conn.runAndReadAll(readSql('build', 'last_checks_read'), { checks_sha: checksSha() })).getRowsJS();
  return rows.length ? (JSON.parse(String(rows[0][0])) as CheckFailure[]) : null;
}

/** Record what the checks found after the current build (for recordedChecks). */
async function recordChecks(conn: DuckDBConnection, failures: CheckFailure[]): Promise<void> {
  await withTransaction(conn, () => runStatements(conn, 'build', 'last_checks_write', { checks_sha: checksSha(), failures: JSON.stringify(failures) }));
}
