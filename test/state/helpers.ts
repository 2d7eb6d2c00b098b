// Shared helpers for the task-graph tests: a fresh data dir per test, the engine (real SQLite
// files, or real PostgreSQL schemas when the `state-pg` project runs the same files with
// AGENTDAG_TEST_STORE=postgres), the real CLI as a child process, and a content dump of the
// graph for "nothing changed" assertions.
import { execFileSync, spawnSync } from 'node:child_process';
import { afterAll, afterEach, beforeEach, inject } from 'vitest';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as GraphModule from '../../state/graph';
import * as OpsModule from '../../state/ops';
import * as TransitionsModule from '../../state/transitions';
import * as InvariantsModule from '../../state/invariants';
import * as LeasesModule from '../../state/leases';
import { CLI, ROOT } from '../paths';

export { CLI, ROOT };
export const engine = {
  graph: GraphModule,
  ops: OpsModule,
  t: TransitionsModule,
  invariants: InvariantsModule,
  leases: LeasesModule,
};

export type Graph = GraphModule.Graph;

export function tempHome(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'agentdag-state-'));
}

/** Which store this run of the suite uses. */
export const STORE: 'sqlite' | 'postgres' = process.env.AGENTDAG_TEST_STORE === 'postgres' ? 'postgres' : 'sqlite';

/** The SQLite file in a data dir (SQLite-only tests). */
export function dbFile(home: string): string {
  return path.join(home, 'tasks.sqlite');
}

const schemas = new Map<string, string>();

/** Where the graph of this data dir lives: its SQLite file, or its own schema of the test server. */
export function graphAt(home: string): string {
  if (STORE === 'sqlite') return dbFile(home);
  let url = schemas.get(home);
  if (!url) {
    const schema = `t_${path.basename(home).replace(/[^A-Za-z0-9]/g, '_').toLowerCase()}`;
    url = `${inject('pgUrl')}?schema=${schema}`;
    schemas.set(home, url);
  }
  return url;
}

/** The environment that points a child process at the same graph. */
export function storeEnv(home: string): Record<string, string> {
  return STORE === 'postgres' ? { AGENTDAG_TASKS_URL: graphAt(home) } : {};
}

if (STORE === 'postgres') {
  afterAll(() => {
    if (!schemas.size) return;
    const g = engine.graph.Graph.openReadOnly(`${inject('pgUrl')}?schema=public`);
    try {
      for (const url of schemas.values()) g.stmt(`DROP SCHEMA IF EXISTS ${new URL(url).searchParams.get('schema')} CASCADE`).run();
    } finally {
      g.close();
    }
  });
}

export function openGraph(home: string, project?: string): Graph {
  return engine.graph.Graph.open(graphAt(home), { project });
}

/** An agent that names itself (--agent): a different one is refused on a task another holds. */
export const A = (agent: string, force = false) => ({ agent, session: null, force, explicit: true });

/** Every row of every table and every schema object's definition, in a stable order. */
export function dump(g: Graph): string {
  const objects =
    g.store.kind === 'sqlite'
      ? (g.stmt("SELECT name, type, sql FROM sqlite_master WHERE name NOT LIKE 'sqlite_stat%' ORDER BY name").all() as { name: string; type: string; sql: string | null }[])
      : (g
          .stmt(
            `SELECT c.relname AS name, CASE c.relkind WHEN 'r' THEN 'table' ELSE c.relkind::text END AS type, pg_get_viewdef(c.oid) AS sql
             FROM pg_class c WHERE c.relnamespace = current_schema()::regnamespace AND c.relkind IN ('r', 'v', 'i', 'S') ORDER BY c.relname`,
          )
          .all() as { name: string; type: string; sql: string | null }[]);
  const out: string[] = [];
  for (const t of objects) {
    out.push(`-- ${t.name} (${t.type}): ${t.sql}`);
    if (t.type !== 'table') continue;
    for (const r of g.stmt(`SELECT * FROM "${t.name}" ORDER BY 1, 2`).all()) out.push(JSON.stringify(r));
  }
  return out.join('\n');
}

export function expectNoInvariantFailures(g: Graph): void {
  const failures = engine.invariants.runChecks(g);
  if (failures.length) throw new Error(`invariant checks failed: ${JSON.stringify(failures, null, 2)}`);
}

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
  json: any; // eslint-disable-line @typescript-eslint/no-explicit-any
}

/** Run `agentdag <args>` with AGENTDAG_HOME=home; parses stdout as JSON when it is JSON. */
export function cli(home: string, args: string[], env: Record<string, string | undefined> = {}, input?: string): CliResult {
  const merged: Record<string, string | undefined> = {
    ...process.env,
    AGENTDAG_HOME: home,
    AGENTDAG_SESSION_ID: undefined,
    AGENTDAG_AGENT: undefined,
    AGENTDAG_PROJECT: undefined,
    AGENTDAG_TASKS_URL: undefined,
    ...storeEnv(home),
    ...env,
  };
  for (const k of Object.keys(merged)) if (merged[k] === undefined) delete merged[k];
  const r = spawnSync(process.execPath, [CLI, ...args], {
    env: merged as NodeJS.ProcessEnv,
    encoding: 'utf8',
    input,
  });
  let json: unknown = undefined;
  try {
    json = JSON.parse(r.stdout);
  } catch {
    // not JSON (human output)
  }
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr, json };
}

export function cliOk(home: string, args: string[], env: Record<string, string | undefined> = {}, input?: string): any { // eslint-disable-line @typescript-eslint/no-explicit-any
  const r = cli(home, args, env, input);
  if (r.code !== 0) throw new Error(`agentdag ${args.join(' ')} exited ${r.code}: ${r.stderr}`);
  return r.json;
}

export function statusOf(g: Graph, id: string): string {
  return g.mustRow(id).status;
}

export function eventTypes(g: Graph, id: string): string[] {
  return (g.stmt('SELECT event_type FROM events WHERE task_id = ? ORDER BY id').all(id) as { event_type: string }[]).map((r) => r.event_type);
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
export { execFileSync };

/**
 * A fresh graph for every test of the calling file, with the invariant checks run after each:
 * `get()` is the current test's graph; `add` and `finish` work on it.
 */
export function useFreshGraph() {
  let g: Graph;
  beforeEach(() => {
    g = openGraph(tempHome());
  });
  afterEach(() => {
    expectNoInvariantFailures(g);
    g.close();
  });
  return {
    get: () => g,
    add: (title: string, o: Parameters<typeof engine.ops.add>[2] = {}) => engine.ops.add(g, title, o).result.id,
    finish: (id: string, result?: unknown) => g.tx(() => engine.t.done(g, id, A('w'), { result })),
  };
}
