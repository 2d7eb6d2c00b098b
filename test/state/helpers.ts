// Shared helpers for the task-graph tests: a fresh data dir per test, the engine (real SQLite
// files), the real CLI as a child process, and a content dump of the database for "nothing
// changed" assertions.
import { execFileSync, spawnSync } from 'node:child_process';
import { afterEach, beforeEach } from 'vitest';
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

export function dbFile(home: string): string {
  return path.join(home, 'tasks.sqlite');
}

export function openGraph(home: string, project?: string): Graph {
  return engine.graph.Graph.open(dbFile(home), { project });
}

export const A = (agent: string, force = false) => ({ agent, session: null, force });

/** Every row of every table and view definition, in a stable order. */
export function dump(g: Graph): string {
  const tables = (g.db.prepare("SELECT name, sql FROM sqlite_master WHERE name NOT LIKE 'sqlite_stat%' ORDER BY name").all() as { name: string; sql: string | null }[]);
  const out: string[] = [];
  for (const t of tables) {
    out.push(`-- ${t.name}: ${t.sql}`);
    const isTable = (g.db.prepare("SELECT type FROM sqlite_master WHERE name = ?").get(t.name) as { type: string }).type === 'table';
    if (!isTable) continue;
    for (const r of g.db.prepare(`SELECT * FROM "${t.name}" ORDER BY 1, 2`).all()) out.push(JSON.stringify(r));
  }
  return out.join('\n');
}

export function expectNoInvariantFailures(g: Graph): void {
  const failures = engine.invariants.runChecks(g.db);
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
  const merged: Record<string, string | undefined> = { ...process.env, AGENTDAG_HOME: home, AGENTDAG_SESSION_ID: undefined, AGENTDAG_AGENT: undefined, AGENTDAG_PROJECT: undefined, ...env };
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
  return (g.db.prepare('SELECT event_type FROM events WHERE task_id = ? ORDER BY id').all(id) as { event_type: string }[]).map((r) => r.event_type);
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
