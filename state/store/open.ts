// Where the task graph lives: AGENTDAG_TASKS_URL (postgres://…) when set, else the SQLite file in
// the data dir. Every opener (CLI, MCP, ingest, the dashboard) asks here, so they all agree.
import * as fs from 'node:fs';
import { UserError } from '../../core/errors';
import { PostgresStore } from './postgres';
import { SqliteStore } from './sqlite';
import type { Store } from './store';

export interface OpenStoreOptions {
  /** Milliseconds a writer waits for the write lock before "busy, retry" (default 10 s). */
  busyTimeoutMs?: number;
  /** Never create or migrate (readers outside the engine). */
  readonly?: boolean;
}

/** The task graph's location: the PostgreSQL URL in AGENTDAG_TASKS_URL, else `file`. */
export function graphLocation(file: string, env: NodeJS.ProcessEnv = process.env): string {
  const url = env.AGENTDAG_TASKS_URL?.trim();
  if (!url) return file;
  if (!isPostgresUrl(url)) {
    throw new UserError(`AGENTDAG_TASKS_URL must be a postgres:// URL, got "${url.slice(0, 40)}"`, 'set it to postgres://user:password@host:5432/database (or unset it to use the SQLite file in the data dir)', 2);
  }
  return url;
}

/** Whether there may be a task graph to read (PostgreSQL: asked when read; an empty one reads as empty). */
export function graphExists(file: string, env: NodeJS.ProcessEnv = process.env): boolean {
  const where = graphLocation(file, env);
  return isPostgresUrl(where) || fs.existsSync(where);
}

export function isPostgresUrl(location: string): boolean {
  return /^postgres(ql)?:\/\//i.test(location);
}

export function openStore(location: string, opts: OpenStoreOptions = {}): Store {
  return isPostgresUrl(location) ? PostgresStore.open(location, opts) : SqliteStore.open(location, opts);
}
