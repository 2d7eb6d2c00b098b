// The team warehouse, end to end through the real CLI (slow tier): three machines with distinct
// sample runs, one run's journal pushed from two of them, two rounds of ingest + push with pushes
// SIGKILLed mid-batch and re-run, team ingests killed while loading and while writing the marts.
// The team warehouse must equal the union of the three machines' own warehouses (0 doubles) and a
// single ingest of all the same data; every raw row is in the lake once; the marts read the same
// through DuckDB and through an independent reader (hyparquet).
import * as fs from 'node:fs';
import * as path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { LAKE_RAW_TABLES } from '../../ingest/lake/raw-tables';
import { get, serve } from '../serve/helpers';
import { lakeQuery, rawGlob, readWithHyparquet, tempDir } from './raw-machine';
import { acrossWarehouses, allFixtures, columnList, factTables, SimMachine } from './team-machines';

const lake = tempDir('team-lake');
const A = new SimMachine('alpha');
const B = new SimMachine('beta');
const C = new SimMachine('gamma');
const T = new SimMachine('team');
const D = new SimMachine('everything'); // one machine given all the same data

function killedAt(m: SimMachine, args: string[], stage: string): void {
  const r = m.cli(args, { AGENTDAG_CRASH_AT: stage });
  expect(r.signal, `${m.host} ${args.join(' ')} should die at ${stage}: ${r.stderr}`).toBe('SIGKILL');
}

beforeAll(() => {
  const runs = allFixtures();
  const machines = [A, B, C];
  // Each scenario on one machine, in both Claude Code versions: the sample runs reuse scripted
  // tool-use ids across versions, and fact_execution_step links a step to the API message that
  // issued it by tool-use id alone, so a warehouse holding one version of a scenario would link
  // differently from one holding both (real ids are unique; see the report).
  const scenarios = [...new Set(runs.map((r) => r.scenario))].sort();
  const owner = (fx: (typeof runs)[number]) => machines[scenarios.indexOf(fx.scenario) % 3];
  const wave = (k: 0 | 1) => runs.filter((r) => Number(scenarios.indexOf(r.scenario) >= 6) === k);
  const shared = runs.filter((r) => r.scenario === scenarios[0]); // alpha's runs, their journal also on beta (copied over, as a user would)

  // Round 1: every machine ingests and pushes; the team builds.
  for (const fx of wave(0)) owner(fx).stage(fx);
  for (const fx of shared) B.stageFrom(fx, A);
  for (const m of machines) m.json(['ingest']);
  for (const m of machines) m.json(['push', '--to', lake]);
  T.json(['ingest', '--lake', lake]);

  // Round 2: more runs; alpha's push dies after its first file, beta's before its commit, then
  // the team loads what is there (half of alpha's batch, all of beta's), then both push again.
  for (const fx of wave(1)) owner(fx).stage(fx);
  for (const m of machines) m.json(['ingest']);
  killedAt(A, ['push', '--to', lake], 'push-mid-files');
  killedAt(B, ['push', '--to', lake], 'push-before-commit');
  C.json(['ingest', '--push-to', lake]); // gamma pushes through ingest's flag (nothing new to ingest)
  T.json(['ingest', '--lake', lake]);
  A.json(['push', '--to', lake]);
  B.json(['push', '--to', lake]);
  killedAt(T, ['ingest', '--lake', lake], 'lake-load-before-commit');
  killedAt(T, ['ingest', '--lake', lake], 'marts-mid-days');
  T.json(['ingest', '--lake', lake]);

  fs.mkdirSync(D.home, { recursive: true });
  fs.writeFileSync(path.join(D.home, 'journal.jsonl'), A.journal() + B.journal() + C.journal());
  D.json(['ingest']);
}, 900_000);

describe('the team warehouse from a lake (3 machines, killed pushes and team ingests)', () => {
  it('every raw row is in the lake once (a plain reader counts nothing twice)', async () => {
    for (const t of LAKE_RAW_TABLES) {
      if (!fs.existsSync(path.join(lake, 'raw', t.table)) || t.key.length === 0) continue;
      const key = t.key.map((k) => `"${t.renames?.[k] ?? k}"`).join(', ');
      // A journal pushed from two machines is in both machines' folders: once per machine.
      const [r] = await lakeQuery(`SELECT count(*) AS n, count(DISTINCT (host, ${key})) AS d FROM ${rawGlob(lake, t.table)}`);
      expect(r.n, t.table).toBe(r.d);
    }
    expect(fs.readdirSync(path.join(lake, '_tmp'))).toEqual([]);
  });

  it('has every fact of the three machines, once: the union of their own warehouses', async () => {
    const tables = await factTables(T.warehouse);
    expect(tables.length).toBeGreaterThanOrEqual(8);
    for (const t of tables) {
      const cols = await columnList(T.warehouse, t);
      const union = `SELECT ${cols} FROM w1.${t} UNION SELECT ${cols} FROM w2.${t} UNION SELECT ${cols} FROM w3.${t}`;
      const [r] = await acrossWarehouses([T.warehouse, A.warehouse, B.warehouse, C.warehouse], `SELECT
          (SELECT count(*) FROM w0.${t}) AS team,
          (SELECT count(*) FROM (SELECT DISTINCT ${cols} FROM w0.${t})) AS team_distinct,
          (SELECT count(*) FROM (${union})) AS machines,
          (SELECT count(*) FROM (SELECT ${cols} FROM w0.${t} EXCEPT SELECT * FROM (${union}))) AS only_team,
          (SELECT count(*) FROM (SELECT * FROM (${union}) EXCEPT SELECT ${cols} FROM w0.${t})) AS only_machines`);
      expect({ t, ...r }).toEqual({ t, team: r.machines, team_distinct: r.machines, machines: r.machines, only_team: 0n, only_machines: 0n });
    }
    // The shared run is in two machines' warehouses but once in the team's.
    const [api] = await acrossWarehouses([T.warehouse, A.warehouse, B.warehouse, C.warehouse], `SELECT
        (SELECT count(*) FROM w0.fact_api_call) AS team,
        (SELECT count(*) FROM w1.fact_api_call) + (SELECT count(*) FROM w2.fact_api_call) + (SELECT count(*) FROM w3.fact_api_call) AS summed`);
    expect(Number(api.summed)).toBeGreaterThan(Number(api.team));
  });

  it('equals a single ingest of all the same data', async () => {
    for (const t of await factTables(T.warehouse)) {
      const cols = await columnList(T.warehouse, t);
      const [r] = await acrossWarehouses([T.warehouse, D.warehouse], `SELECT
          (SELECT count(*) FROM w0.${t}) AS team, (SELECT count(*) FROM w1.${t}) AS single,
          (SELECT count(*) FROM (SELECT ${cols} FROM w0.${t} EXCEPT ALL SELECT ${cols} FROM w1.${t})) AS only_team,
          (SELECT count(*) FROM (SELECT ${cols} FROM w1.${t} EXCEPT ALL SELECT ${cols} FROM w0.${t})) AS only_single`);
      expect({ t, ...r }).toEqual({ t, team: r.single, single: r.single, only_team: 0n, only_single: 0n });
    }
  });

  it('keeps every fact’s host, and reports per machine: report hosts, report --host', async () => {
    for (const t of await factTables(T.warehouse)) {
      const rows = await acrossWarehouses([T.warehouse], `SELECT DISTINCT host FROM w0.${t} ORDER BY host`);
      expect(rows.map((r) => r.host), t).toEqual(['alpha', 'beta', 'gamma'].filter((h) => rows.some((r) => r.host === h)));
      expect(rows.length, `${t}: every machine's rows`).toBeGreaterThan(0);
    }
    const hosts = T.json(['report', 'hosts']) as unknown as Record<string, any>[];
    expect(hosts.map((h) => h.host).sort()).toEqual(['alpha', 'beta', 'gamma', 'team']);
    const sessionsOf = async (m: SimMachine, host: string) =>
      Number((await acrossWarehouses([m.warehouse], `SELECT count(*) AS n FROM w0.v_session_summary WHERE host = '${host}'`))[0].n);
    for (const m of [A, B, C]) {
      const h = hosts.find((x) => x.host === m.host)!;
      expect(h.last_push_at, m.host).not.toBeNull();
      expect(h.rows_pushed, m.host).toBeGreaterThan(0);
      expect(h.files_loaded, m.host).toBeGreaterThan(0);
      expect(h.sessions, m.host).toBe(await sessionsOf(m, m.host)); // its own sessions, as its warehouse has them
      const own = T.json(['report', 'sessions', '--host', m.host]) as unknown as Record<string, any>[];
      expect(own.length, m.host).toBe(h.sessions);
      expect(own.every((r) => r.host === m.host)).toBe(true);
    }
    const team = hosts.find((x) => x.host === 'team')!;
    expect([team.this_machine, team.sessions, team.last_push_at]).toEqual([true, 0, null]);
    // Per-machine costs add up to the team's.
    const day = (host?: string) => T.json(['report', 'cost-by-model-day', ...(host ? ['--host', host] : [])]) as unknown as Record<string, any>[];
    const calls = (rows: Record<string, any>[]) => rows.reduce((n, r) => n + Number(r.api_calls), 0);
    expect(calls(day('alpha')) + calls(day('beta')) + calls(day('gamma'))).toBe(calls(day()));
  });

  it('the dashboard filters by machine: /api/v1/hosts, ?host= on the warehouse panels, a picker in the page', async () => {
    const server = await serve(T.home);
    try {
      const hosts = (await get(`${server.url}/api/v1/hosts`)).json.hosts.map((h: { host: string }) => h.host);
      expect(hosts).toEqual(['alpha', 'beta', 'gamma', 'team']);
      const calls = async (q: string) => ((await get(`${server.url}/api/v1/cost-by-model${q}`)).json.days as { apiCalls: number }[]).reduce((n, d) => n + Number(d.apiCalls), 0);
      const all = await calls('');
      const per = await Promise.all(['alpha', 'beta', 'gamma'].map((h) => calls(`?host=${h}`)));
      expect(per.every((n) => n > 0)).toBe(true);
      expect(per.reduce((a, b) => a + b, 0)).toBe(all);
      const cli = (T.json(['report', 'cost-by-model-day', '--host', 'beta']) as unknown as { api_calls: number }[]).reduce((n, r) => n + Number(r.api_calls), 0);
      expect(per[1]).toBe(cli);
      const routes = (await get(`${server.url}/api/v1/routing-success?host=nobody`)).json.routes;
      expect(routes).toEqual([]);

      // In the page: a machine picker; choosing one redraws the cost table from ?host=.
      const { default: bundled } = await import('@sparticuz/chromium'); // a headless Chromium inside the npm package
      const { chromium } = await import('playwright-core');
      const browser = await chromium.launch({ executablePath: await bundled.executablePath(), args: bundled.args });
      try {
        const page = await browser.newPage();
        // The machine list answers last (as under load): "ready" must still mean the picker is filled.
        await page.route('**/api/v1/hosts', async (route) => {
          await new Promise((r) => setTimeout(r, 800));
          await route.continue();
        });
        await page.goto(`${server.url}/`);
        await page.waitForSelector('body[data-ready="true"]', { timeout: 30_000 });
        const options = await page.$$eval('#host-filter option', (os) => os.map((o) => o.textContent));
        expect(options).toEqual(['all machines', 'alpha', 'beta', 'gamma', 'team (this one)']);
        const shownCalls = () => page.$$eval('#cost-table tbody tr', (trs) => trs.reduce((n, tr) => n + Number(tr.children[2]?.textContent || 0), 0));
        expect(await shownCalls()).toBe(all);
        const reloaded = page.waitForResponse((r) => r.url().includes('/api/v1/cost-by-model?host=beta'));
        await page.selectOption('#host-filter', 'beta');
        await reloaded;
        await page.waitForFunction((n) => [...document.querySelectorAll('#cost-table tbody tr')].reduce((s, tr) => s + Number(tr.children[2]?.textContent || 0), 0) === n, per[1], { timeout: 10_000 });
        expect(per[1]).toBeLessThan(all);
      } finally {
        await browser.close();
      }
    } finally {
      await server.stop();
    }
  });

  it('writes facts and reports as Hive-partitioned Parquet that DuckDB and hyparquet read alike, equal to the warehouse', async () => {
    const marts = path.join(lake, 'marts');
    for (const mart of ['v_api_call_cost', 'fact_execution_step', 'v_session_summary', 'v_tool_success_rates']) {
      const dir = path.join(marts, mart);
      const files = (fs.readdirSync(dir, { recursive: true }) as string[]).filter((f) => f.endsWith('.parquet')).sort();
      expect(files.length, mart).toBeGreaterThan(0);
      for (const f of files) expect(f).toMatch(/^(day=(\d{4}-\d{2}-\d{2}|__HIVE_DEFAULT_PARTITION__)\/)?data\.parquet$/);
      const viaJs: Record<string, unknown>[] = [];
      for (const f of files) {
        const day = /^day=([^/]+)\//.exec(f)?.[1];
        for (const row of await readWithHyparquet(path.join(dir, f))) viaJs.push(day ? { ...row, day } : row);
      }
      const glob = `read_parquet('${dir}/**/*.parquet', hive_partitioning = ${files[0].startsWith('day=')}, hive_types_autocast = false)`;
      const viaDuck = await lakeQuery(`SELECT * FROM ${glob}`);
      expect(viaJs.length, mart).toBe(viaDuck.length);
      const [wh] = await acrossWarehouses([T.warehouse], `SELECT count(*) AS n FROM w0.${mart}`);
      expect(viaJs.length, mart).toBe(Number(wh.n));
      const norm = (rows: Record<string, unknown>[]) => rows.map((r) => JSON.stringify(Object.keys(r).sort().map((k) => [k, plainValue(r[k])]))).sort();
      expect(norm(viaJs), mart).toEqual(norm(viaDuck));
    }
    // The token and cost figures other engines see are the warehouse's.
    const [fromMarts] = await lakeQuery(`SELECT sum(output_tokens) AS o, round(sum(cost_usd), 6) AS c FROM read_parquet('${marts}/v_api_call_cost/**/*.parquet', hive_partitioning = true)`);
    const [fromWh] = await acrossWarehouses([T.warehouse], `SELECT sum(output_tokens) AS o, round(sum(cost_usd), 6) AS c FROM w0.v_api_call_cost`);
    expect(fromMarts).toEqual(fromWh);
  });
});

/** One spelling per value for both readers: numbers as numbers, times as ISO text, dates as days. */
function plainValue(v: unknown): unknown {
  if (typeof v === 'bigint') return Number(v);
  if (v instanceof Date) return v.toISOString();
  if (v && typeof v === 'object' && 'toString' in v && !Array.isArray(v) && !(v.constructor === Object)) return String(v);
  if (Array.isArray(v)) return v.map(plainValue);
  return v;
}
