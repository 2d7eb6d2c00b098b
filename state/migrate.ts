// Append-only, recorded migrations (the sqlite-utils way): each state/migrations/NNN_name.sql runs
// in one BEGIN IMMEDIATE transaction together with its row in schema_migrations, so a crash leaves
// either both or neither. The .sql files are read from the package root (no copy step at build),
// and only when one is pending: an up-to-date file costs a directory listing and one query.
// PostgreSQL has its own list (state/migrations-postgres/, store/pg-migrate.ts), recorded the same way.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type BetterSqlite3 from 'better-sqlite3';
import { packageRoot } from '../core/package';
import { UserError } from '../core/errors';

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

interface MigrationFile {
  version: number;
  name: string;
  file: string;
}

const FILE_NAME = /^(\d{3})_([a-z0-9_]+)\.sql$/;

/** A migration whose first line is this runs with foreign keys off (SQLite cannot rebuild a referenced table otherwise). */
const FOREIGN_KEYS_OFF = '-- foreign_keys: off';

export function migrationsDir(store: 'sqlite' | 'postgres' = 'sqlite'): string {
  return path.join(packageRoot(), 'state', store === 'sqlite' ? 'migrations' : 'migrations-postgres');
}

function migrationFiles(dir: string): MigrationFile[] {
  const out: MigrationFile[] = [];
  for (const file of fs.readdirSync(dir).sort()) {
    const m = FILE_NAME.exec(file);
    if (m) out.push({ version: Number(m[1]), name: m[2], file: path.join(dir, file) });
  }
  out.forEach((m, i) => {
    if (m.version !== i + 1) throw new Error(`migration numbering has a gap or duplicate at ${m.version}_${m.name}`);
  });
  return out;
}

/** Every migration shipped with this build, in version order. */
export function loadMigrations(dir: string = migrationsDir()): Migration[] {
  return migrationFiles(dir).map((m) => ({ version: m.version, name: m.name, sql: fs.readFileSync(m.file, 'utf8') }));
}

/** The migrations not applied yet (their SQL read now), or a refusal when the graph is newer than this build. */
export function pending(dir: string, applied: Set<number>): Migration[] {
  const files = migrationFiles(dir);
  const newest = files.length ? files[files.length - 1].version : 0;
  const unknown = [...applied].filter((v) => v > newest);
  if (unknown.length) {
    throw new UserError(
      `the task graph was written by a newer agentdag (schema version ${Math.max(...unknown)}, this build knows up to ${newest})`,
      'upgrade agentdag, or point AGENTDAG_HOME (or AGENTDAG_TASKS_URL) at another task graph',
    );
  }
  return files.filter((m) => !applied.has(m.version)).map((m) => ({ version: m.version, name: m.name, sql: fs.readFileSync(m.file, 'utf8') }));
}

/** Apply every migration not yet recorded. Returns the versions applied now. */
export function migrate(db: BetterSqlite3.Database, migrations?: Migration[]): number[] {
  db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
    version    INTEGER PRIMARY KEY,
    name       TEXT NOT NULL,
    applied_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
  )`);
  const applied = new Set((db.prepare('SELECT version FROM schema_migrations').all() as { version: number }[]).map((r) => r.version));
  const todo = migrations ? (pending(migrationsDir(), applied), migrations.filter((m) => !applied.has(m.version))) : pending(migrationsDir(), applied);
  const done: number[] = [];
  for (const m of todo) {
    const keysOff = m.sql.startsWith(FOREIGN_KEYS_OFF);
    // Outside the transaction: SQLite ignores this pragma inside one.
    if (keysOff) db.pragma('foreign_keys = OFF');
    try {
      db.transaction(() => {
        // Another process may have applied it while we waited for the write lock.
        if (db.prepare('SELECT 1 FROM schema_migrations WHERE version = ?').get(m.version)) return;
        db.exec(m.sql);
        if (keysOff && (db.pragma('foreign_key_check') as unknown[]).length) throw new Error(`migration ${m.version}_${m.name} broke a foreign key`);
        db.prepare('INSERT INTO schema_migrations (version, name) VALUES (?, ?)').run(m.version, m.name);
        done.push(m.version);
      }).immediate();
    } finally {
      if (keysOff) db.pragma('foreign_keys = ON');
    }
  }
  return done;
}
