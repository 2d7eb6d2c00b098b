// A small but real scenario for the server and dashboard tests: a task graph driven by the CLI
// (two agents, one task done, two running, one waiting) plus one real Claude Code run with three
// parallel subagents, ingested into a published warehouse.
import * as path from 'node:path';
import { cli, cliJson } from './helpers';
import { fixture, stageShifted } from '../analytics/shifted-fixture';

export const PROJECT = { AGENTDAG_PROJECT: 'alpha' };
export const S1 = 'session-one';
export const S2 = 'session-two';

export interface Scenario {
  ids: { design: string; build: string; docs: string; ship: string };
}

export function buildScenario(home: string): Scenario {
  const design = cliJson(home, ['task', 'add', 'design the API'], PROJECT).id;
  const docs = cliJson(home, ['task', 'add', 'write the docs'], PROJECT).id;
  const build = cliJson(home, ['task', 'add', 'build the API', '--after', design], PROJECT).id;
  const ship = cliJson(home, ['task', 'add', 'ship it', '--after', `${build},${docs}`], PROJECT).id;
  cliJson(home, ['task', 'go'], { ...PROJECT, AGENTDAG_SESSION_ID: S1 }); // design
  cliJson(home, ['task', 'go'], { ...PROJECT, AGENTDAG_SESSION_ID: S2 }); // docs
  cliJson(home, ['task', 'done', design, '--result', '{"schema":"v1"}'], { ...PROJECT, AGENTDAG_SESSION_ID: S1 });
  cliJson(home, ['task', 'go'], { ...PROJECT, AGENTDAG_SESSION_ID: S1 }); // build
  // One real Claude Code run (3 parallel subagents, two models) for the cost and routing charts.
  stageShifted(fixture('2.1.197', 'c-parallel-subagents'), home, Date.now() - 60_000);
  const r = cli(home, ['ingest', '--json'], { CLAUDE_CONFIG_DIR: path.join(home, 'claude') });
  if (r.status !== 0) throw new Error(`ingest failed: ${r.stderr}`);
  return { ids: { design, build, docs, ship } };
}
