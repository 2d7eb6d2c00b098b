// The sessions (and days) a build recomputes, as the in_scope(session_id) and in_day_scope(day)
// macros the model files filter their inputs on (sql/build/scope_*.sql).
import type { DuckDBConnection } from '@duckdb/node-api';
import { readSql, runStatements } from './sql-files';

/** Up to this many sessions, in_scope() lists them as constants (an IN list this long still plans in ~1 ms). */
const LISTED_MAX = 1000;

/** A full build: in_scope() and in_day_scope() are constant true. */
export async function scopeEverything(conn: DuckDBConnection): Promise<void> {
  await runStatements(conn, 'build', 'scope_everything');
}

/** An incremental build: the pending sessions and those sharing an API message with them, and their days. Returns how many sessions. */
export async function scopeSessions(conn: DuckDBConnection): Promise<number> {
  await runStatements(conn, 'build', 'scope_sessions');
  await runStatements(conn, 'build', 'scope_days');
  const keys = (await conn.runAndReadAll('SELECT session_key FROM build_scope ORDER BY session_key')).getRowsJS().map(([k]) => String(k));
  if (keys.length > 0 && keys.length <= LISTED_MAX) {
    // Session ids come from the journal: quoted as SQL string literals (a quote doubled), never spliced raw.
    const sessions = keys.map((k) => `'${k.replace(/'/g, "''")}'`).join(', ');
    const template = readSql('build', 'scope_sessions_listed').replace(/--[^\n]*\n/g, ''); // its header names the placeholders too
    await conn.run(template.replace('{sessions}', sessions).replace('{no_session}', String(keys.includes(''))));
  }
  return keys.length;
}
