// What kind of warehouse file this agentdag can use, and clear errors for the ones it cannot:
// a file from a newer agentdag (its raw tables are the only copy of consumed journals, so it is
// never rewritten by an older version) and a file that is not a DuckDB database at all.
import type { DuckDBConnection } from '@duckdb/node-api';
import { UserError } from '../core/errors';

/** Bump when a change to sql/raw needs a migration an older agentdag would not know. */
export const WAREHOUSE_FORMAT = 1;

const META_DDL = 'CREATE TABLE IF NOT EXISTS agentdag_meta (key VARCHAR PRIMARY KEY, value VARCHAR NOT NULL)';

async function storedFormat(conn: DuckDBConnection): Promise<number | null> {
  const exists = await conn.runAndReadAll(
    "SELECT count(*) AS n FROM duckdb_tables() WHERE table_name = 'agentdag_meta' AND schema_name = 'main'",
  );
  if (Number(exists.getRowObjectsJS()[0].n) === 0) return null;
  const r = await conn.runAndReadAll("SELECT value FROM agentdag_meta WHERE key = 'format_version'");
  const row = r.getRowObjectsJS()[0];
  return row ? Number(row.value) : null;
}

function newerError(file: string, found: number): UserError {
  return new UserError(
    `${file} was written by a newer agentdag (warehouse format ${found}; this one understands up to ${WAREHOUSE_FORMAT})`,
    'upgrade agentdag to the version that wrote it; or set AGENTDAG_HOME to another data dir. The file was left untouched.',
  );
}

/** Refuse a warehouse from a newer agentdag; stamp a new (or pre-format) one with ours. */
export async function checkAndStampFormat(conn: DuckDBConnection, file: string): Promise<void> {
  const found = await storedFormat(conn);
  if (found !== null && found > WAREHOUSE_FORMAT) throw newerError(file, found);
  if (found === WAREHOUSE_FORMAT) return; // the common case writes nothing: a no-op ingest stays a no-op
  await conn.run(META_DDL);
  await conn.run("INSERT OR REPLACE INTO agentdag_meta VALUES ('format_version', $1)", [String(WAREHOUSE_FORMAT)]);
}

/** Refuse to read a warehouse from a newer agentdag (reports could silently misread it). */
export async function checkFormatReadOnly(conn: DuckDBConnection, file: string): Promise<void> {
  const found = await storedFormat(conn);
  if (found !== null && found > WAREHOUSE_FORMAT) throw newerError(file, found);
}

/**
 * DuckDB's own open errors, turned into ones that name the fix. Returns null for errors this does
 * not recognise (the caller rethrows them as they are).
 */
export function openErrorFor(error: unknown, file: string, role: 'work' | 'published'): UserError | null {
  const msg = (error as Error)?.message ?? '';
  if (/not a valid DuckDB database file/i.test(msg)) {
    return role === 'work'
      ? new UserError(
          `${file} is not a valid DuckDB database (damaged, or not written by agentdag)`,
          `move it aside and restore the last published copy: mv "${file}" "${file}.damaged" && cp "${file.replace(/\.work\.duckdb$/, '.duckdb')}" "${file}" && chmod 600 "${file}"; then run \`agentdag ingest\`: it re-reads the journal segments still on disk (run ingest with --keep-segments to keep every segment for such a replay)`,
        )
      : new UserError(
          `${file} is not a valid DuckDB database (damaged, or overwritten)`,
          `remove it (rm "${file}") and run \`agentdag ingest\`: it publishes a fresh copy from the private work file`,
        );
  }
  if (/version number|can only (read|open)|newer version|incompatible/i.test(msg)) {
    return new UserError(
      `${file} was written by a newer DuckDB than this agentdag ships (${msg.split('\n')[0]})`,
      'upgrade agentdag; or set AGENTDAG_HOME to another data dir. The file was left untouched.',
    );
  }
  return null;
}
