// Invariant checks: each state/checks/*.sql is a query that must return no rows. Tests and the
// chaos suite run them after every step; `agentdag task check` runs them on a live file.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { packageRoot } from '../cli/version';
import type { Db } from './db';

export interface InvariantFailure {
  check: string;
  rows: number;
  sample: unknown[];
}

export function loadChecks(): { name: string; sql: string }[] {
  const dir = path.join(packageRoot(), 'state', 'checks');
  return fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.sql'))
    .sort()
    .map((f) => ({ name: f.replace(/\.sql$/, ''), sql: fs.readFileSync(path.join(dir, f), 'utf8') }));
}

export function runChecks(db: Db): InvariantFailure[] {
  const failures: InvariantFailure[] = [];
  for (const c of loadChecks()) {
    const rows = db.prepare(c.sql).all();
    if (rows.length) failures.push({ check: c.name, rows: rows.length, sample: rows.slice(0, 5) });
  }
  return failures;
}
