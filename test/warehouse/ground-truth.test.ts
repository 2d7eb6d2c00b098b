// The facts match each fixture's ground-truth.json (22 real Claude Code runs, two CLI versions):
// tool calls per tool and outcome, subagents and their types, tokens per model, exactly.
import * as path from 'node:path';
import * as fs from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { UNPRICED_MODEL, allFixtures, ingest, query, stageFixture, stageUnpricedSession, tempHome } from './fixture-pipeline';
import { runChecks } from '../../warehouse/checks';
import { describeGroundTruth } from './ground-truth-checks';

const fixtures = allFixtures();
let home: string;

beforeAll(async () => {
  home = tempHome();
  for (const fx of fixtures) stageFixture(fx, home);
  stageUnpricedSession(home); // every model of the sample runs has a price: plant one that has none
  await ingest(home);
}, 300_000);

describeGroundTruth(fixtures, () => home);

describe('the whole sample', () => {
  it('passes every check in sql/checks', async () => {
    const duck = await import('@duckdb/node-api');
    const inst = await duck.DuckDBInstance.create(path.join(home, 'warehouse.duckdb'), { access_mode: 'READ_ONLY' });
    const conn = await inst.connect();
    try {
      expect(await runChecks(conn)).toEqual([]);
    } finally {
      conn.closeSync();
      inst.closeSync();
    }
  });

  it('prices known models like Claude Code does, and leaves unknown models NULL', async () => {
    let compared = 0;
    for (const fx of fixtures) {
      const gt = JSON.parse(fs.readFileSync(path.join(fx.dir, 'ground-truth.json'), 'utf8'));
      const usage = gt.observed?.result_model_usage ?? {};
      for (const [model, u] of Object.entries(usage as Record<string, any>)) {
        const mine = gt.tokens_by_model[model];
        // Compare only where both sides count the same tokens (no /compact side request, same model name).
        if (!mine || mine.output_tokens !== u.outputTokens || mine.input_tokens !== u.inputTokens) continue;
        // Claude Code prices every call at the base rate; a request over 200k prompt tokens is
        // priced here at the model's long-context rate (README: cost differences). Checked below.
        const calls = gt.api_calls.filter((c: any) => c.model === model && c.status === 200);
        if (calls.some((c: any) => c.usage.input_tokens + c.usage.cache_read_input_tokens + c.usage.cache_creation_input_tokens > 200_000)) continue;
        const [r] = await query(home, `SELECT sum(cost_usd) AS cost, count(*) FILTER (WHERE cost_usd IS NULL) AS unpriced FROM v_api_call_cost WHERE session_id = $1 AND model = $2`, [gt.session_id, model]);
        if (r.unpriced > 0) {
          expect(r.cost).toBeNull();
          continue;
        }
        expect(r.cost, `${fx.version}/${fx.scenario} ${model}`).toBeCloseTo(u.costUSD, 9);
        compared++;
      }
    }
    expect(compared).toBeGreaterThan(10);

    // d-two-models: one sonnet request has > 200k prompt tokens: long-context rates ($6 / $22.50)
    // for that request, base rates ($3 / $15) for the other; cache multipliers on the rate in force.
    for (const version of ['2.1.197', '2.1.330']) {
      const gt = JSON.parse(fs.readFileSync(path.join(fixtures[0].dir, '..', '..', version, 'd-two-models', 'ground-truth.json'), 'utf8'));
      let want = 0;
      for (const c of gt.api_calls.filter((x: any) => x.model === 'claude-sonnet-4-5')) {
        const u = c.usage;
        const long = u.input_tokens + u.cache_read_input_tokens + u.cache_creation_input_tokens > 200_000;
        const [inp, out] = long ? [6, 22.5] : [3, 15];
        want += (u.input_tokens * inp + u.cache_creation.ephemeral_5m_input_tokens * inp * 1.25 + u.cache_creation.ephemeral_1h_input_tokens * inp * 2 + u.cache_read_input_tokens * inp * 0.1 + u.output_tokens * out) / 1e6;
      }
      const [r] = await query(home, `SELECT sum(cost_usd) AS cost FROM v_api_call_cost WHERE session_id = $1 AND model = 'claude-sonnet-4-5'`, [gt.session_id]);
      expect(r.cost).toBeCloseTo(want, 9);
    }
    const unpriced = await query(home, 'SELECT model FROM v_unpriced_models');
    expect(unpriced.map((r) => r.model)).toEqual([UNPRICED_MODEL]);
    const [day] = await query(home, `SELECT cost_usd, unpriced_calls FROM v_cost_by_model_day WHERE model = $1`, [UNPRICED_MODEL]);
    expect(day.cost_usd).toBeNull();
    expect(day.unpriced_calls).toBeGreaterThan(0);
  });
});
