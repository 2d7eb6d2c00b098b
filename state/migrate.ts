// Append-only, recorded migrations (the sqlite-utils way): each state/migrations/NNN_name.sql runs
// in one BEGIN IMMEDIATE transaction together with its row in schema_migrations, so a crash leaves
// either both or neither. The .sql files are read from the package root (no copy step at build).
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

const FILE_NAME = /^(\d{3})_([a-z0-9_]+)\.sql$/;

export function migrationsDir(): string {
  return path.join(packageRoot(), 'state', 'migrations');
}

/** Every migration shipped with this build, in version order. */
export function loadMigrations(dir: string = migrationsDir()): Migration[] {
  const out: Migration[] = [];
  for (const file of fs.readdirSync(dir).sort()) {
    const m = FILE_NAME.exec(file);
    if (!m) continue;
    out.push({ version: Number(m[1]), name: m[2], sql: fs.readFileSync(path.join(dir, file), 'utf8') });
  }
  out.forEach((m, i) => {
    if (m.version !== i + 1) throw new Error(`migration numbering has a gap or duplicate at ${m.version}_${m.name}`);
  });
  return out;
}

/** Apply every migration not yet recorded. Returns the versions applied now. */
export function migrate(db: BetterSqlite3.Database, migrations: Migration[] = loadMigrations()): number[] {
  db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
    version    INTEGER PRIMARY KEY,
    name       TEXT NOT NULL,
    applied_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
  )`);
  const appliedVersions = () =>
    new Set((db.prepare('SELECT version FROM schema_migrations').all() as { version: number }[]).map((r) => r.version));
  const applied = appliedVersions();
  const newest = migrations.length ? migrations[migrations.length - 1].version : 0;
  const unknown = [...applied].filter((v) => v > newest);
  if (unknown.length) {
    throw new UserError(
      `the task graph was written by a newer agentdag (schema version ${Math.max(...unknown)}, this build knows up to ${newest})`,
      'upgrade agentdag, or point AGENTDAG_HOME at another data dir',
    );
  }
  const done: number[] = [];
  for (const m of migrations) {
    if (applied.has(m.version)) continue;
    db.transaction(() => {
      // Another process may have applied it while we waited for the write lock.
      if (db.prepare('SELECT 1 FROM schema_migrations WHERE version = ?').get(m.version)) return;
      db.exec(m.sql);
      db.prepare('INSERT INTO schema_migrations (version, name) VALUES (?, ?)').run(m.version, m.name);
      done.push(m.version);
    }).immediate();
  }
  return done;
}
