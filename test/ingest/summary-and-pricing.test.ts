// What `agentdag ingest` says and does when a source changes alone, when pricing.json is broken,
// and when it publishes what an earlier run loaded: every source's count in the summary, data
// never stopped by prices, and no "nothing new" while publishing new rows. Real processes.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { UNPRICED_MODEL, allFixtures, query, stageFixture, stageUnpricedSession, tempHome } from '../warehouse/fixture-pipeline';
import { ingest } from './helpers';
import { CLI } from '../paths';

const ALL = { AGENTDAG_INGEST_STEPS: '', AGENTDAG_SEGMENT_GRACE_MS: '0' };
const fixture = allFixtures().find((f) => f.version === '2.1.330' && f.scenario === 'b-one-subagent')!;

function run(home: string, args: string[] = [], extra: NodeJS.ProcessEnv = {}) {
  return ingest(home, args, { ...ALL, CLAUDE_CONFIG_DIR: path.join(home, 'claude'), ...extra });
}

describe('agentdag ingest: the summary and a broken pricing.json', () => {
  it('loads and publishes everything with the bundled prices when pricing.json is broken, says so, and exits 1', async () => {
    const home = tempHome('pricing');
    stageFixture(fixture, home);
    stageUnpricedSession(home);
    // line 3 holds the entry without an output price
    fs.writeFileSync(path.join(home, 'pricing.json'), `{"models": [\n  {"model": "${UNPRICED_MODEL}", "input_usd_per_mtok": 5, "output_usd_per_mtok": 25},\n  {"model": "claude-haiku-5-5", "input_usd_per_mtok": 1}\n]}\n`);
    const bad = run(home, ['--json']);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain(`${path.join(home, 'pricing.json')}:3: models[1].output_usd_per_mtok is missing`);
    expect(bad.stderr).toMatch(/Expected e\.g\./);
    expect(bad.stderr).toMatch(/priced with the bundled prices only, without your overrides/);
    const summary = JSON.parse(bad.stdout);
    expect(summary.pricing_error).toMatchObject({ file: path.join(home, 'pricing.json'), line: 3 });
    expect(summary.events_new).toBeGreaterThan(0);
    expect(summary.published).toBe(path.join(home, 'warehouse.duckdb'));
    // Everything is there; the model only the override prices has no price (NULL, never 0).
    const [calls] = await query(home, `SELECT count(*) AS n, count(*) FILTER (WHERE cost_usd IS NULL) AS unpriced FROM v_api_call_cost WHERE model = $1`, [UNPRICED_MODEL]);
    expect(calls.n).toBeGreaterThan(0);
    expect(calls.unpriced).toBe(calls.n);
    const line = run(home).stdout; // the same broken file, nothing new: the exit code still says so
    expect(line).toMatch(/priced WITHOUT your pricing\.json/);

    // Fixed: the next run reprices all history and says it rebuilt, not "nothing new".
    fs.writeFileSync(path.join(home, 'pricing.json'), `{"models": [{"model": "${UNPRICED_MODEL}", "input_usd_per_mtok": 5, "output_usd_per_mtok": 25}]}\n`);
    const good = run(home);
    expect(good.code, good.stderr).toBe(0);
    expect(good.stdout).toMatch(/models rebuilt in full \(prices changed\)/);
    expect(good.stdout).not.toMatch(/nothing new/);
    const [priced] = await query(home, `SELECT count(*) FILTER (WHERE cost_usd IS NULL) AS unpriced FROM v_api_call_cost WHERE model = $1`, [UNPRICED_MODEL]);
    expect(priced.unpriced).toBe(0);
    expect(run(home).stdout).toMatch(/nothing new; warehouse unchanged/);
  });

  it('says a run published what an earlier run loaded but did not publish', () => {
    const home = tempHome('earlier');
    stageFixture(fixture, home);
    const killed = run(home, [], { AGENTDAG_CRASH_AT: 'before-publish' });
    expect(killed.signal).toBe('SIGKILL');
    const next = run(home);
    expect(next.code, next.stderr).toBe(0);
    expect(next.stdout).toMatch(/^ingest: 0 events read, 0 new/);
    expect(next.stdout).toMatch(/published what an earlier run had loaded/);
    expect(next.stdout).not.toMatch(/nothing new/);
  });

  it('counts what each source brought: transcript lines alone, task-graph events alone', () => {
    const home = tempHome('sources');
    const transcripts = path.join(fixture.dir, 'transcripts');
    const t = run(home, ['--transcripts', transcripts]);
    expect(t.code, t.stderr).toBe(0);
    expect(t.stdout).toMatch(/^ingest: 0 events read, 0 new, 0 duplicate, 0 rejected; 5 API calls; [\d.]+ s; \d+ transcript lines from 2 files; 0 task-graph events; models rebuilt in full \(first build\)/);

    const task = ingest(home, [], { ...ALL }); // nothing new yet
    expect(task.stdout).toMatch(/nothing new/);
    const add = spawnTask(home, ['task', 'add', 'write the schema']);
    expect(add.status, add.stderr).toBe(0);
    const tg = run(home);
    expect(tg.stdout).toMatch(/^ingest: 0 events read, 0 new, 0 duplicate, 0 rejected; 0 API calls; [\d.]+ s; 0 transcript lines from 0 files; [1-9]\d* task-graph events; models: 0 sessions rebuilt/);
    expect(tg.stdout).not.toMatch(/nothing new/);
  });
});

function spawnTask(home: string, args: string[]) {
  return spawnSync(process.execPath, [CLI, ...args], { env: { ...process.env, AGENTDAG_HOME: home, AGENTDAG_PROJECT: 'p', NODE_EXTRA_CA_CERTS: '' }, encoding: 'utf8' });
}
