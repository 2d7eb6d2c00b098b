// `agentdag report|sql|export` as a user runs them (child processes on the compiled CLI).
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { CLI, ROOT, UNPRICED_MODEL, allFixtures, cli, ingest, query, stageFixture, stageUnpricedSession, tempHome } from './fixture-pipeline';

import { REPORTS } from '../../warehouse/reports';
import { LAYERS, loadModels } from '../../warehouse/model-files';

let home: string;

function fails(args: string[], h = home): { code: number; stderr: string } {
  try {
    execFileSync(process.execPath, [CLI, ...args], { env: { ...process.env, AGENTDAG_HOME: h }, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (e: any) {
    return { code: e.status, stderr: String(e.stderr) };
  }
  throw new Error(`agentdag ${args.join(' ')} succeeded`);
}

beforeAll(async () => {
  home = tempHome('agentdag-cli-');
  for (const fx of allFixtures()) stageFixture(fx, home);
  stageUnpricedSession(home); // every model of the sample runs has a price: plant one that has none
  await ingest(home);
}, 300_000);

describe('agentdag report', () => {
  it('lists every report in --help and --list', () => {
    const help = cli(home, ['report', '--help']);
    const list = JSON.parse(cli(home, ['report', '--list', '--json']));
    // Every view-backed report, then session-trace: a drawing of one session, not a view.
    expect(list.map((r: any) => r.report)).toEqual([...REPORTS.map((r: any) => r.name), 'session-trace']);
    expect(list.find((r: any) => r.report === 'session-trace').view).toBeNull();
    for (const r of list) expect(help).toContain(r.report);
  });

  it.each(['table', 'json', 'csv', 'ndjson'])('prints every report as %s, with the rows of its view', async (format) => {
    for (const r of REPORTS) {
      const out = cli(home, ['report', r.name, '--format', format]);
      const [{ n }] = await query(home, `SELECT count(*) AS n FROM ${r.view}`);
      if (format === 'json') expect(JSON.parse(out).length, r.name).toBe(n);
      if (format === 'ndjson') expect(out.split('\n').filter(Boolean).map((l) => JSON.parse(l)).length, r.name).toBe(n);
      if (format === 'csv') expect(out.trimEnd().split('\n').length, r.name).toBe(n + 1);
      if (format === 'table') expect(out, r.name).toContain(`(${n} row${n === 1 ? '' : 's'})`);
    }
  });

  it('filters by session and time window with bound parameters', async () => {
    const [s] = await query(home, `SELECT session_id, tools_invoked FROM v_session_summary WHERE tools_invoked > 0 ORDER BY session_id LIMIT 1`);
    const one = JSON.parse(cli(home, ['report', 'sessions', '--session', s.session_id, '--json']));
    expect(one.map((r: any) => r.session_id)).toEqual([s.session_id]);
    expect(one[0].tools_invoked).toBe(s.tools_invoked);
    const tools = JSON.parse(cli(home, ['report', 'tool-success', '--session', s.session_id, '--json']));
    expect(tools.reduce((n: number, r: any) => n + r.total, 0)).toBe(s.tools_invoked);
    const injected = JSON.parse(cli(home, ['report', 'sessions', '--session', "x' OR '1'='1", '--json']));
    expect(injected).toEqual([]);
    expect(JSON.parse(cli(home, ['report', 'cost-by-model-day', '--since', '2026-11-23', '--json']))).toEqual([]);
    expect(JSON.parse(cli(home, ['report', 'cost-by-model-day', '--since', '2026-11-22', '--until', '2026-11-23', '--json'])).length).toBeGreaterThan(0);
  });

  it('shows an unknown model with NULL cost, never 0', () => {
    const rows = JSON.parse(cli(home, ['report', 'unpriced-models', '--json']));
    expect(rows.map((r: any) => r.model)).toEqual([UNPRICED_MODEL]);
    const day = JSON.parse(cli(home, ['report', 'cost-by-model-day', '--json'])).find((r: any) => r.model === UNPRICED_MODEL);
    expect(day.cost_usd).toBeNull();
    expect(day.day).toBe('2026-11-22');
  });

  it('names the fix for a bad report name, a bad date and a missing warehouse', () => {
    expect(fails(['report', 'nope'])).toMatchObject({ code: 2, stderr: expect.stringContaining('pick one of: sessions') });
    expect(fails(['report', 'sessions', '--since', 'yesterday'])).toMatchObject({ code: 2, stderr: expect.stringContaining('--since 7d') });
    expect(fails(['report', 'sessions'], tempHome())).toMatchObject({ code: 1, stderr: expect.stringContaining('agentdag ingest') });
  });
});

describe('agentdag sql', () => {
  it('runs a query in every format', () => {
    const rows = JSON.parse(cli(home, ['sql', 'SELECT tool_name, count(*) AS n FROM fact_execution_step GROUP BY ALL ORDER BY n DESC, tool_name', '--json']));
    expect(rows[0]).toEqual({ tool_name: 'Bash', n: expect.any(Number) });
    expect(cli(home, ['sql', 'SELECT 1 AS a', '--format', 'csv'])).toBe('a\n1\n');
    expect(cli(home, ['sql', 'SELECT 1 AS a', '--format', 'ndjson'])).toBe('{"a":1}\n');
  });

  it('cannot write the warehouse or touch files', () => {
    expect(fails(['sql', 'DELETE FROM fact_api_call']).stderr).toMatch(/read-only/);
    expect(fails(['sql', "COPY (SELECT 1) TO '/tmp/agentdag-should-not-exist.csv'"]).stderr).toMatch(/disabled/);
    expect(fs.existsSync('/tmp/agentdag-should-not-exist.csv')).toBe(false);
    expect(fails(['sql', "SELECT * FROM read_text('/etc/hostname')"]).stderr).toMatch(/disabled/);
  });
});

describe('agentdag export --parquet', () => {
  it('writes every fact Hive-partitioned by day, readable back with the same rows', async () => {
    const dir = path.join(tempHome(), 'lake');
    const res = JSON.parse(cli(home, ['export', '--parquet', dir, '--json']));
    expect(res.tables.map((t: any) => t.table)).toContain('fact_api_call');
    expect(fs.existsSync(path.join(dir, 'fact_api_call', 'call_date=2026-11-22'))).toBe(true);
    const duck = await import('@duckdb/node-api');
    const inst = await duck.DuckDBInstance.create(':memory:');
    const conn = await inst.connect();
    for (const t of res.tables) {
      const glob = path.join(t.path, '**', '*.parquet');
      const r = await conn.runAndReadAll(`SELECT count(*) AS n FROM read_parquet($1, hive_partitioning = true)`, [glob]);
      expect(Number(r.getRowObjectsJS()[0].n), t.table).toBe(t.rows);
    }
    conn.closeSync();
    inst.closeSync();
    // A second export replaces, never duplicates.
    const again = JSON.parse(cli(home, ['export', '--parquet', dir, '--json']));
    expect(again.tables).toEqual(res.tables);
  });
});

describe('pricing', () => {
  it('reprices all history from <data dir>/pricing.json, and rejects a bad file with the fix', async () => {
    const h = tempHome('agentdag-price-');
    for (const fx of allFixtures().filter((f) => f.scenario === 'b-one-subagent')) stageFixture(fx, h);
    fs.writeFileSync(path.join(h, 'pricing.json'), JSON.stringify({ models: [{ model: 'claude-opus-5-5', input_usd_per_mtok: 5, output_usd_per_mtok: 25 }] }));
    await ingest(h);
    const [r] = await query(h, `SELECT sum(cost_usd) AS cost FROM v_api_call_cost WHERE model = 'claude-opus-5-5'`);
    // 25 input, 344 output, 25940 cache read, 20350 5-minute cache writes (b-one-subagent, 2.1.330)
    expect(r.cost).toBeCloseTo((25 * 5 + 344 * 25 + 25940 * 0.5 + 20350 * 6.25) / 1e6, 9);
    const h2 = tempHome('agentdag-price-');
    fs.writeFileSync(path.join(h2, 'pricing.json'), '{"models":[{"model":"x"}]}');
    await expect(ingest(h2)).rejects.toThrow(/input_usd_per_mtok is missing.*Expected e\.g\./s);
  });
});

describe('ingest twice', () => {
  it('changes nothing when the same journal lines and transcripts come again (a copy from another machine)', async () => {
    const before = await query(home, 'SELECT * FROM v_session_summary ORDER BY session_id');
    const costBefore = await query(home, 'SELECT * FROM v_cost_by_model_day ORDER BY day, model');
    // The same envelopes again (same ids), and the transcripts copied to a second projects folder.
    for (const fx of allFixtures()) stageFixture(fx, home);
    const copy = path.join(home, 'copied-from-laptop');
    fs.cpSync(path.join(home, 'claude', 'projects'), copy, { recursive: true });
    await ingest(home, ['--transcripts', copy]);
    expect(await query(home, 'SELECT * FROM v_session_summary ORDER BY session_id')).toEqual(before);
    expect(await query(home, 'SELECT * FROM v_cost_by_model_day ORDER BY day, model')).toEqual(costBefore);
  });
});

it('builds every SQL model file: each sits in a layer folder the build reads, with its grain and key', () => {
  const folders = fs.readdirSync(path.join(ROOT, 'sql')).filter((f) => fs.statSync(path.join(ROOT, 'sql', f)).isDirectory());
  const notModels = ['raw', 'load', 'build', 'checks', 'queries', 'lake']; // lake: the push and team-load statements
  expect(folders.filter((f) => !notModels.includes(f)).sort()).toEqual(LAYERS.map((l) => l.layer).sort());
  const built = new Set(loadModels().map((m) => `${m.layer}/${m.name}`));
  for (const { layer } of LAYERS) {
    for (const f of fs.readdirSync(path.join(ROOT, 'sql', layer))) expect(built.has(`${layer}/${f.replace(/\.sql$/, '')}`), f).toBe(true);
  }
});
