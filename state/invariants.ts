// Invariant checks: each state/checks/*.sql is a query that must return no rows (written in the SQL
// both stores accept). Tests and the chaos suite run them after every step; `agentdag task check`
// runs them on a live graph, after the store's own integrity check (SQLite's quick_check finds a
// damaged file: "database disk image is malformed").
// One check is code, not SQL: acyclicity. A recursive CTE can only find cycles by walking the
// transitive closure, which took 3.5 s at 2k tasks; Kahn's algorithm here is linear.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { packageRoot } from '../core/package';
import type { Graph } from './graph';

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

/**
 * Tasks on a cycle of "finishes before" links (dependency edges, and child before its composite
 * parent), found by peeling off tasks with no unfinished predecessor until none is left.
 */
export function tasksOnCycles(g: Graph): string[] {
  const edges = g
    .stmt(`SELECT from_task AS a, to_task AS b FROM dependencies UNION ALL SELECT id, parent_task_id FROM tasks WHERE parent_task_id IS NOT NULL`)
    .all() as { a: string; b: string }[];
  const indegree = new Map<string, number>();
  const next = new Map<string, string[]>();
  for (const { a, b } of edges) {
    indegree.set(b, (indegree.get(b) ?? 0) + 1);
    if (!indegree.has(a)) indegree.set(a, 0);
    const out = next.get(a);
    if (out) out.push(b);
    else next.set(a, [b]);
  }
  const queue = [...indegree].filter(([, d]) => d === 0).map(([id]) => id);
  while (queue.length) {
    for (const b of next.get(queue.pop()!) ?? []) {
      const d = indegree.get(b)! - 1;
      indegree.set(b, d);
      if (d === 0) queue.push(b);
    }
  }
  return [...indegree].filter(([, d]) => d > 0).map(([id]) => id);
}

export function runChecks(g: Graph): InvariantFailure[] {
  const failures: InvariantFailure[] = [];
  const damaged = g.store.integrityProblems();
  if (damaged.length) return [{ check: `${g.store.kind}_integrity`, rows: damaged.length, sample: damaged.slice(0, 5) }];
  for (const c of loadChecks()) {
    const rows = g.stmt(c.sql).all();
    if (rows.length) failures.push({ check: c.name, rows: rows.length, sample: rows.slice(0, 5) });
  }
  const cyclic = tasksOnCycles(g);
  if (cyclic.length) failures.push({ check: 'no_dependency_cycle', rows: cyclic.length, sample: cyclic.slice(0, 5) });
  return failures;
}
