// What was not measured is NULL with a reason, never a confident 0, and an unknown model is loud;
// routing success is the completion rate of the routed subagents, the same number in the report,
// the view and the dashboard's API. Real processes: `agentdag ingest`, `report`, `serve`.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI, UNPRICED_MODEL, allFixtures, cli, fixtureEnvelopes, query, stageFixture, stageUnpricedSession, tempHome } from './fixture-pipeline';
import { get, serve, type Served } from '../serve/helpers';

const all = allFixtures();
const pick = (v: string, s: string) => all.find((f) => f.version === v && f.scenario === s)!;
const WITH_TRANSCRIPTS = ['2.1.197', '2.1.330'].flatMap((v) => [pick(v, 'c-parallel-subagents'), pick(v, 'e2-api-errors')]);
const HOOKS_ONLY = pick('2.1.197', 'a-basic-tools'); // its transcript is gone (deleted after 30 days, say)
const gt = (fx: { dir: string }) => JSON.parse(fs.readFileSync(path.join(fx.dir, 'ground-truth.json'), 'utf8'));

let home: string;
let ingestErr: string;
let unpricedSession: string;
let srv: Served;

beforeAll(async () => {
  home = tempHome('agentdag-unmeasured-');
  for (const fx of WITH_TRANSCRIPTS) stageFixture(fx, home);
  fs.appendFileSync(path.join(home, 'journal.jsonl'), fixtureEnvelopes(HOOKS_ONLY, path.join(home, 'claude')).join('\n') + '\n');
  unpricedSession = stageUnpricedSession(home);
  const r = spawnSync(process.execPath, [CLI, 'ingest'], { env: { ...process.env, AGENTDAG_HOME: home, CLAUDE_CONFIG_DIR: path.join(home, 'claude') }, encoding: 'utf8' });
  expect(r.status, r.stderr).toBe(0);
  ingestErr = r.stderr;
  srv = await serve(home);
}, 300_000);

afterAll(async () => {
  await srv?.stop();
});

const json = (args: string[]) => JSON.parse(cli(home, [...args, '--json']));

describe('an unknown model is loud', () => {
  it('ingest names the model, its calls and the pricing.json snippet that fixes it', () => {
    expect(ingestErr).toContain(`model ${UNPRICED_MODEL} has no price: 2 API calls (2026-11-22 to 2026-11-22) have a NULL cost`);
    expect(ingestErr).toContain(`{"models":[{"model":"${UNPRICED_MODEL}","input_usd_per_mtok": <price>,"output_usd_per_mtok": <price>,"effective_from":"2026-11-22"}]}`);
    expect(ingestErr).toContain(path.join(home, 'pricing.json'));
    expect(json(['report', 'unpriced-models']).map((r: any) => [r.model, r.api_calls])).toEqual([[UNPRICED_MODEL, 2]]);
  });
});

describe('NULL, never 0, with the reason', () => {
  it('a session whose transcript is gone has no tokens and no cost, and says why', () => {
    const s = json(['report', 'sessions', '--session', gt(HOOKS_ONLY).session_id])[0];
    expect(s.tools_invoked).toBeGreaterThan(0); // the hooks saw it work
    expect({ tokens: s.total_tokens, cost: s.total_cost_usd, reason: s.missing_reason, source: s.facts_source }).toEqual({ tokens: null, cost: null, reason: 'no transcript', source: 'hooks' });
  });

  it('a session of an unpriced model has its tokens, a NULL cost and the count of unpriced calls', () => {
    const s = json(['report', 'sessions', '--session', unpricedSession])[0];
    expect({ tokens: s.total_tokens, cost: s.total_cost_usd, unpriced: s.unpriced_calls, reason: s.missing_reason }).toEqual({ tokens: 60, cost: null, unpriced: 2, reason: 'unpriced model' });
  });

  it("the day's total is the priced sum plus the count of what is unpriced or unmeasured, never blank", async () => {
    const [priced] = await query(home, `SELECT sum(cost_usd) AS usd FROM v_api_call_cost WHERE call_date = DATE '2026-11-22'`);
    expect(priced.usd).toBeGreaterThan(0);
    const day = json(['report', 'usage-daily']).find((d: any) => d.date === '2026-11-22');
    expect(day.total_cost_usd).toBeCloseTo(priced.usd, 6);
    expect({ unpriced: day.unpriced_calls, unmeasured: day.unmeasured_sessions, sessions: day.total_tasks }).toEqual({ unpriced: 2, unmeasured: 1, sessions: WITH_TRANSCRIPTS.length + 2 });
  });
});

describe('routing success is the routed subagents completing', () => {
  // From the runs' ground truth: per subagent type, launches and subagents that stopped normally.
  const want: Record<string, { total_routings: number; completed_subagents: number }> = {};
  for (const fx of WITH_TRANSCRIPTS)
    for (const s of gt(fx).subagents) {
      const w = (want[s.subagent_type] ??= { total_routings: 0, completed_subagents: 0 });
      w.total_routings++;
      if (s.observed_subagent_stop) w.completed_subagents++;
    }

  it('report, view and dashboard API give the same completion rate per type, the step-level rate under its own name', async () => {
    const report = json(['report', 'routing-success']);
    const view = await query(home, 'SELECT * FROM v_routing_success');
    const api = (await get(`${srv.url}/api/v1/routing-success`)).json.routes;
    expect(Object.fromEntries(report.map((r: any) => [r.agent_name, { total_routings: r.total_routings, completed_subagents: r.completed_subagents }]))).toEqual(want);
    expect(want['general-purpose'].completed_subagents).toBeLessThan(want['general-purpose'].total_routings); // a failed subagent is in the sample
    for (const r of report) {
      const rate = Math.round((1000 * want[r.agent_name].completed_subagents) / want[r.agent_name].total_routings) / 10;
      const v = view.find((x) => x.agent_name === r.agent_name)!;
      const a = api.find((x: any) => x.agentName === r.agent_name);
      expect([r.success_rate, v.success_rate, a.successRate], r.agent_name).toEqual([rate, rate, rate]);
      expect([v.step_success_rate, a.stepSuccessRate]).toEqual([r.step_success_rate, r.step_success_rate]);
    }
    // the dashboard draws the headline from successRate, the tool-call rate from stepSuccessRate
    const app = fs.readFileSync(path.join(__dirname, '..', '..', 'serve', 'public', 'app.js'), 'utf8');
    expect(app).toMatch(/subagents completed \(%\)', data: routes\.map\(completedPct\)/);
    expect(app).toMatch(/const completedPct = \(r\) => r\.successRate;/);
  });
});
