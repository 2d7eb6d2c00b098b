// A real run end to end: three agents (child processes of the real CLI, each with
// AGENTDAG_SESSION_ID set to a real Claude Code fixture session) work through a task graph while
// those sessions' hook calls and transcripts are ingested. Cost per task, waves and peak
// parallelism are checked against values computed by hand below.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { cli, cliJson, tempHome } from '../serve/helpers';
import { query } from '../warehouse/fixture-pipeline';
import { fixture, groundTruth, hookSpanMs, stageShifted } from './shifted-fixture';

// The three agents and the fixture session each one "is" (Claude Code 2.1.197 runs).
const FX_A = fixture('2.1.197', 'a-basic-tools'); //          9 API calls, claude-sonnet-4-5, no subagent
const FX_C = fixture('2.1.197', 'c-parallel-subagents'); //   8 API calls (sonnet + haiku), 3 subagents at once
const FX_E = fixture('2.1.197', 'f-task-tools'); //            6 API calls, sonnet, 2 TaskCompleted (a verification)
const S1 = groundTruth(FX_A).session_id as string;
const S2 = groundTruth(FX_C).session_id as string;
const S3 = groundTruth(FX_E).session_id as string;

// ---- Hand computation (token counts from each fixture's ground-truth.json tokens_by_model) ----
// Prices (data/pricing/models.json): sonnet-4-5 $3 in / $15 out, haiku-4-5 $1 / $5 per MTok;
// 5-minute cache writes 1.25 × input, cache reads 0.1 × input; no request reaches 200k tokens.
// a-basic-tools, sonnet: 38 in, 515 out, 12,980 cache write 5m, 99,530 cache read
//   tokens = 38 + 515 + 12980 + 99530                                  = 113,063
//   USD    = (38·3 + 515·15 + 12980·3·1.25 + 99530·3·0.1) / 1e6
//          = (114 + 7,725 + 48,675 + 29,859) / 1e6                     = 0.086373
// c-parallel-subagents, sonnet: 26 in, 620 out, 24,650 cw, 23,500 cr; haiku: 6, 80, 4,190, 4,100
//   tokens = (26 + 620 + 24650 + 23500) + (6 + 80 + 4190 + 4100)       = 48,796 + 8,376 = 57,172
//   USD    = (78 + 9,300 + 92,437.5 + 7,050) / 1e6 + (6 + 400 + 5,237.5 + 410) / 1e6
//          = 0.1088655 + 0.0060535                                     = 0.114919
// f-task-tools, sonnet: 23 in, 355 out, 13,780 cw, 66,880 cr
//   tokens = 23 + 355 + 13780 + 66880                                  = 81,038
//   USD    = (69 + 5,325 + 51,675 + 20,064) / 1e6                      = 0.077133
const HAND = {
  A: { tokens: 113_063, usd: 0.086373, calls: 9, model: 'claude-sonnet-4-5' },
  C: { tokens: 57_172, usd: 0.114919, calls: 8, model: 'claude-sonnet-4-5' }, // sonnet spent 620 of 700 output tokens
  E: { tokens: 81_038, usd: 0.077133, calls: 6, model: 'claude-sonnet-4-5' },
};

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('a real multi-agent run through the task graph, ingested with real sessions', () => {
  const home = tempHome('agentdag-e2e-dag-');
  const project = { AGENTDAG_PROJECT: 'release-1.2' };
  const ids: Record<string, string> = {};
  const agent = (session: string, args: string[]) => cliJson(home, ['task', ...args], { ...project, AGENTDAG_SESSION_ID: session });
  const ingest = () => {
    const r = cli(home, ['ingest', '--json'], { CLAUDE_CONFIG_DIR: path.join(home, 'claude') });
    expect(r.status, r.stderr).toBe(0);
    return JSON.parse(r.stdout);
  };
  let midRun: any;

  beforeAll(async () => {
    // The plan: A, C, E have no upstream (wave 1); B needs A (wave 2); D needs B and C (wave 3).
    ids.A = cliJson(home, ['task', 'add', 'write the schema'], project).id;
    ids.C = cliJson(home, ['task', 'add', 'write the docs'], project).id;
    ids.E = cliJson(home, ['task', 'add', 'set up the task list'], project).id;
    ids.B = cliJson(home, ['task', 'add', 'implement the API', '--after', ids.A], project).id;
    ids.D = cliJson(home, ['task', 'add', 'integrate', '--after', `${ids.B},${ids.C}`], project).id;

    // Three agents claim the three ready tasks (oldest first): S1 → A, S2 → C, S3 → E.
    expect(agent(S1, ['go']).task.id).toBe(ids.A);
    expect(agent(S2, ['go']).task.id).toBe(ids.C);
    expect(agent(S3, ['go']).task.id).toBe(ids.E);

    // While they hold the claims, each agent's Claude Code session runs (the fixture, moved to now).
    const startAt = Date.now() + 300;
    stageShifted(FX_A, home, startAt);
    stageShifted(FX_C, home, startAt);
    stageShifted(FX_E, home, startAt);
    const lastHook = startAt + Math.max(hookSpanMs(FX_A), hookSpanMs(FX_C), hookSpanMs(FX_E));
    midRun = ingest(); // an ingest in the middle of the run: three claims open
    await sleep(Math.max(0, lastHook - Date.now()) + 300);

    agent(S1, ['done', ids.A, '--result', '{"schema":"users(id, name)"}']);
    agent(S3, ['done', ids.E]);
    expect(agent(S1, ['go']).task.id).toBe(ids.B); // B is the only ready task now (D waits for B and C)
    agent(S1, ['done', ids.B]);
    agent(S2, ['done', ids.C]);
    expect(agent(S2, ['go']).task.id).toBe(ids.D);
    agent(S2, ['done', ids.D, '--result', '{"release":"1.2"}']);
    ingest();
  });

  it('snapshots the task graph incrementally while agents work', async () => {
    expect(midRun.task_graph.tasks).toBe(5);
    expect(midRun.task_graph.events_new).toBeGreaterThan(0);
    const snaps = await query(home, 'SELECT events_new, max_event_id FROM raw_tg_snapshots ORDER BY snapshot_id');
    expect(snaps).toHaveLength(2);
    // The second snapshot copied only the events after the first one's cursor.
    const total = await query(home, 'SELECT count(*) AS n, max(event_id) AS top FROM raw_tg_events');
    expect(snaps[0].events_new + snaps[1].events_new).toBe(total[0].n);
    expect(snaps[1].max_event_id).toBe(total[0].top);
  });

  it('measures each task from the API calls of the session holding its claim', async () => {
    const rows = await query(home, 'SELECT * FROM task_cost ORDER BY task_id');
    const byId = Object.fromEntries(rows.map((r) => [r.task_id, r]));
    for (const k of ['A', 'C', 'E'] as const) {
      const t = byId[ids[k]];
      expect(t.total_tokens, k).toBeCloseTo(HAND[k].tokens, 6);
      expect(t.cost_usd, k).toBeCloseTo(HAND[k].usd, 9);
      expect(t.api_calls, k).toBeCloseTo(HAND[k].calls, 9);
      expect(t.model, k).toBe(HAND[k].model);
      expect(t.agent_type, k).toBe('main');
      expect(t.attempts, k).toBe(1);
    }
    // B and D were claimed after their sessions' runs had ended: no API call fell in their claim
    // windows, so their cost was not measured: NULL with the reason, never a confident 0 (issue 12).
    for (const k of ['B', 'D']) {
      expect(byId[ids[k]].total_tokens, k).toBeNull();
      expect(byId[ids[k]].cost_usd, k).toBeNull();
      expect(byId[ids[k]].cost_missing_reason, k).toBe('no API calls in claim window');
      expect(byId[ids[k]].attempts, k).toBe(1);
    }
    // Cross-check the hand computation against the fixtures' own ground truth token totals.
    const gtTokens = (fx: typeof FX_A) =>
      Object.values(groundTruth(fx).tokens_by_model as Record<string, any>).reduce(
        (s, m) => s + m.input_tokens + m.output_tokens + m.cache_creation_input_tokens + m.cache_read_input_tokens,
        0,
      );
    expect([gtTokens(FX_A), gtTokens(FX_C), gtTokens(FX_E)]).toEqual([HAND.A.tokens, HAND.C.tokens, HAND.E.tokens]);
    // f-task-tools marked todo items completed (TaskCompleted) during E's claim: E is verified.
    expect(rows.filter((r) => r.verified).map((r) => r.task_id)).toEqual([ids.E]);
  });

  it('reports cost per verified task by agent type and model', async () => {
    const r = cli(home, ['report', 'cost-per-verified-task', '--json']);
    expect(r.status, r.stderr).toBe(0);
    const rows = JSON.parse(r.stdout) as any[];
    const sonnet = rows.find((x) => x.agent_type === 'main' && x.model === 'claude-sonnet-4-5');
    // A, C and E all ran mostly on the main thread with sonnet; one of them (E) was verified, so
    // one verified task cost all three: 0.086373 + 0.114919 + 0.077133 = 0.278425 USD.
    expect(sonnet.tasks).toBe(3);
    expect(sonnet.verified_tasks).toBe(1);
    expect(sonnet.cost_per_verified_task_usd).toBeCloseTo(0.278425, 6);
  });

  it('derives the waves from dependency levels and their real overlap', async () => {
    const waves = await query(home, 'SELECT * FROM v_wave_progress ORDER BY wave_number');
    // By hand: wave 1 = {A, C, E} all claimed before any finished → max parallelism 3;
    // wave 2 = {B}; wave 3 = {D}. B started while C (wave 1) was still running → overlap > 0;
    // D started only after C was done → no overlap with wave 2 (B had finished too).
    expect(waves.map((w) => [w.wave_number, w.task_count, w.completed_count, w.max_parallelism])).toEqual([
      [1, 3, 3, 3],
      [2, 1, 1, 1],
      [3, 1, 1, 1],
    ]);
    expect(waves.every((w) => w.status === 'completed')).toBe(true);
    expect(waves[1].overlap_with_previous_ms).toBeGreaterThan(0);
    expect(waves[2].overlap_with_previous_ms).toBe(0);
    expect(waves[0].cost_usd).toBeCloseTo(HAND.A.usd + HAND.C.usd + HAND.E.usd, 9);
  });

  it('finds the peak parallelism of claims and of subagents', async () => {
    const sessions = await query(home, 'SELECT * FROM concurrent_execution_sessions ORDER BY source, started_at');
    const tg = sessions.filter((s) => s.source === 'task_graph');
    // By hand: A, C, E overlap (3 agents, 3 tasks); B overlaps C; D starts after everything
    // else ended, so it is a period of its own: [{A,C,E,B}: 3 agents, 3 tasks, 4 tasks in all], [{D}].
    expect(tg.map((s) => [s.total_task_count, s.total_agent_count, s.peak_concurrent_agents, s.peak_concurrent_tasks])).toEqual([
      [4, 3, 3, 3],
      [1, 1, 1, 1],
    ]);
    // Claude Code subagents: only c-parallel-subagents launches any; its hooks.jsonl starts all
    // three (SubagentStart at +0.451, +0.546, +0.591 s) before the first stops (+1.354 s) → 3.
    const cc = sessions.filter((s) => s.source === 'claude_code');
    expect(cc.map((s) => [s.total_agent_count, s.peak_concurrent_agents])).toEqual([[3, 3]]);
  });

  it('tracks the run as one DAG execution with its sub-steps (seed 001)', async () => {
    const [exec] = await query(home, 'SELECT * FROM dag_executions');
    expect(exec).toMatchObject({ title: 'release-1.2', status: 'completed', total_tasks: 5, completed_tasks: 5, failed_tasks: 0, waiting_tasks: 0, wave_count: 3, agents_used: 3 });
    expect(exec.total_cost_usd).toBeCloseTo(HAND.A.usd + HAND.C.usd + HAND.E.usd, 9);
    // The sinks (no task depends on them) are E and D, in the order they finished: their results
    // are the execution's final result (E finished without one).
    expect(JSON.parse(exec.final_result)).toEqual([
      { task_id: ids.E, description: 'set up the task list', result: null },
      { task_id: ids.D, description: 'integrate', result: { release: '1.2' } },
    ]);
    const steps = await query(home, 'SELECT task_id, wave_number, depends_on FROM dag_execution_steps ORDER BY wave_number, task_id');
    expect(steps.find((s) => s.task_id === ids.D)).toMatchObject({ wave_number: 3, depends_on: JSON.stringify([ids.B, ids.C].sort()) });
  });

  it('leaves the warehouse checks green', () => {
    const r = cli(home, ['ingest', '--json'], { CLAUDE_CONFIG_DIR: path.join(home, 'claude') });
    expect(r.status, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout).checks_failed).toEqual([]);
    expect(fs.existsSync(path.join(home, 'warehouse.duckdb'))).toBe(true);
  });
});
