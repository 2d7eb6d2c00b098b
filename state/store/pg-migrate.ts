// Recorded migrations for the PostgreSQL store (state/migrations-postgres/NNN_name.sql): each runs
// in one transaction, under the graph's advisory lock, with its row in schema_migrations (DDL is
// transactional in PostgreSQL), so two agents starting at once apply it exactly once.
import { migrationsDir, pending } from '../migrate';
import type { PostgresStore } from './postgres';

export function migratePostgres(store: PostgresStore): number[] {
  // The common case, an up-to-date graph, without taking the lock: one read.
  if (store.hasTable('schema_migrations')) {
    const applied = new Set((store.prepare('SELECT version FROM schema_migrations').all() as { version: number }[]).map((r) => r.version));
    if (pending(migrationsDir('postgres'), applied).length === 0) return [];
  }
  const done: number[] = [];
  store.tx(() => {
    store.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
      version    integer PRIMARY KEY,
      name       text NOT NULL,
      applied_at text NOT NULL DEFAULT to_char(statement_timestamp() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')
    )`);
    const applied = new Set((store.prepare('SELECT version FROM schema_migrations').all() as { version: number }[]).map((r) => r.version));
    for (const m of pending(migrationsDir('postgres'), applied)) {
      store.exec(m.sql);
      store.prepare('INSERT INTO schema_migrations (version, name) VALUES (?, ?)').run(m.version, m.name);
      done.push(m.version);
    }
  });
  return done;
}
