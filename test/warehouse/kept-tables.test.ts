// An incremental build keeps a table when nothing it read changed in that build
// (warehouse/build-changes.ts): task-graph work alone rebuilds the task-graph tables and keeps the
// sessions' all-history reports; new hook events of a session do the reverse. That what is kept
// equals a full rebuild is incremental-quick / incremental.property's to prove; this test proves
// that tables are in fact kept, and that the ones whose inputs changed are not.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dataPaths } from '../../core/data-dir';
import { allFixtures, fixtureEnvelopes, ingestInProcess, queryFile, tempHome } from './fixture-pipeline';
import { taskWork } from './incremental-model';

const TASK_GRAPH_TABLES = ['tg_stg_tasks', 'tg_stg_events', 'tg_task_claims', 'tg_task_levels', 'tg_activity_intervals', 'tg_claimed_work', 'task_cost', 'dag_executions'];
const SESSION_TABLES = ['stg_session_hosts', 'fact_execution_step', 'fact_session_event', 'agg_step_hourly', 'v_session_summary', 'v_tool_success_rates'];

let home: string;

const published = (sql: string) => queryFile(dataPaths(home).warehouse, sql);

describe('an incremental build keeps the tables nothing it read changed', () => {
  const fx = allFixtures()[0];
  let envelopes: string[];
  const appendHooks = (lines: string[]) => fs.appendFileSync(path.join(home, 'journal.jsonl'), lines.join('\n') + '\n');

  beforeAll(async () => {
    home = tempHome('agentdag-kept-');
    envelopes = fixtureEnvelopes(fx, path.join(home, 'claude'));
    appendHooks(envelopes.slice(0, Math.floor(envelopes.length / 2)));
    taskWork(home, fx, 2, 0);
    const first = await ingestInProcess(home);
    expect(first.models).toMatchObject({ mode: 'full', tables_kept: [] });
  });
  afterAll(() => fs.rmSync(home, { recursive: true, force: true }));

  it('task-graph work alone: the task-graph tables are rebuilt and hold it, the sessions\' tables and reports are kept', async () => {
    taskWork(home, fx, 1, 1);
    const r = await ingestInProcess(home);
    expect(r.models).toMatchObject({ mode: 'incremental', sessions_rebuilt: 0 });
    const kept = r.models!.tables_kept;
    expect(kept).toEqual(expect.arrayContaining(['v_session_summary', 'v_tool_success_rates', 'v_routing_success', 'dim_model_pricing', 'fact_synthesis_result']));
    for (const t of TASK_GRAPH_TABLES) expect(kept, t).not.toContain(t);
    expect(await published('SELECT count(*)::INT AS n FROM tg_task_claims')).toEqual([{ n: 3 }]);
  });

  it('new hook events of a session: its tables and the reports are rebuilt, the task graph\'s kept', async () => {
    appendHooks(envelopes.slice(Math.floor(envelopes.length / 2)));
    const r = await ingestInProcess(home);
    expect(r.models).toMatchObject({ mode: 'incremental', sessions_rebuilt: 1 });
    const kept = r.models!.tables_kept;
    expect(kept).toEqual(expect.arrayContaining(['tg_stg_tasks', 'tg_stg_events', 'tg_task_claims', 'tg_task_levels', 'dim_model_pricing']));
    for (const t of SESSION_TABLES) expect(kept, t).not.toContain(t);
    const steps = await published('SELECT count(*)::INT AS n FROM fact_execution_step');
    expect(steps[0].n).toBeGreaterThan(0);
  });

  it('the machine renamed since the last build: the task-graph tables that name it are rebuilt', async () => {
    const before = process.env.AGENTDAG_HOST;
    process.env.AGENTDAG_HOST = 'renamed-host';
    try {
      appendHooks(fixtureEnvelopes(allFixtures()[1], path.join(home, 'claude')));
      const r = await ingestInProcess(home);
      expect(r.models).toMatchObject({ mode: 'incremental', sessions_rebuilt: 1 });
      const kept = r.models!.tables_kept;
      expect(kept).toEqual(expect.arrayContaining(['tg_stg_tasks', 'tg_task_claims', 'tg_task_levels']));
      expect(kept).not.toContain('tg_task_decomposition'); // its rows name this machine (raw_machine)
      expect(kept).not.toContain('tg_pruning_event');
    } finally {
      if (before === undefined) delete process.env.AGENTDAG_HOST;
      else process.env.AGENTDAG_HOST = before;
    }
  });
});
