// The dashboard in headless Chromium (a system one, else the one npm ci installs: browser.ts),
// driven by playwright-core, against a real server, warehouse and task graph. Asserts on rendered
// content and keeps a screenshot in test-output/dashboard.png.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser } from './browser';
import { CLI, cliEnv, ROOT, serve, tempHome, type Served } from './helpers';
import { buildScenario, PROJECT, S2, type Scenario } from './scenario';

describe('the dashboard, rendered in headless Chromium', () => {
  const home = tempHome('agentdag-dash-');
  let sc: Scenario;
  let srv: Served;
  let browser: Browser;
  let page: Page;
  const requests: string[] = [];
  const pageErrors: string[] = [];

  beforeAll(async () => {
    sc = buildScenario(home);
    srv = await serve(home);
    ({ browser } = await launchBrowser());
    page = await browser.newPage({ viewport: { width: 1400, height: 1400 } });
    page.on('request', (r) => requests.push(r.url()));
    page.on('pageerror', (e) => pageErrors.push(e.message));
    await page.goto(`${srv.url}/`);
    await page.waitForSelector('body[data-ready="true"]', { timeout: 20_000 });
  });
  afterAll(async () => {
    await browser?.close();
    await srv?.stop();
  });

  it('draws the parallel agents view from the live task graph (seed 003 §5.2)', async () => {
    const board = await page.textContent('#agents-board');
    expect(board).toContain('TASK LIST alpha (Wave 1)'); // docs (wave 1) is still running
    expect(board).toContain('build the API');
    expect(board).toContain('● Running');
    expect(board).toContain('✓ Completed');
    // Peak of task-graph claims: design and docs ran at once (2); the fixture run launched three
    // subagents at once (3), shown apart.
    expect(await page.textContent('#agents-summary')).toBe(
      'Peak Parallelism: 2 agents │ Active now: 2 │ Total Tasks: 4 │ Completed: 1 │ Failed: 0 │ Peak Claude Code subagents: 3',
    );
  });

  it('draws the wave timeline as a Gantt chart, one bar per wave', async () => {
    const labels = await page.evaluate(() => (window as any).agentdagDashboard.charts['wave-gantt'].data.labels);
    expect(labels).toEqual(['alpha · Wave 1 (2 tasks)', 'alpha · Wave 2 (1 task)']); // wave 3 has not started
    const bars = await page.evaluate(() => (window as any).agentdagDashboard.charts['wave-gantt'].data.datasets[0].data);
    expect(bars[0][0]).toBe(0); // the first wave starts the timeline
    expect(bars[1][0]).toBeGreaterThan(0); // wave 2 started when design was done
    const rows = await page.$$eval('#waves-table tbody tr', (trs) => trs.map((tr) => tr.textContent));
    expect(rows).toHaveLength(3);
    expect(await page.$eval('#wave-gantt', (c) => (c as HTMLCanvasElement).width)).toBeGreaterThan(100);
  });

  it('draws cost by model over time and routing success', async () => {
    const cost = await page.textContent('#cost-table');
    expect(cost).toContain('claude-sonnet-4-5');
    expect(cost).toContain('claude-haiku-4-5-20251001');
    const models = await page.evaluate(() => (window as any).agentdagDashboard.charts['cost-by-model'].data.datasets.map((d: any) => d.label));
    expect(models.sort()).toEqual(['claude-haiku-4-5-20251001', 'claude-sonnet-4-5']);
    const routing = await page.$$eval('#routing-table tbody tr', (trs) => trs.map((tr) => tr.textContent ?? ''));
    expect(routing.length).toBeGreaterThan(0);
    expect(routing.join(' ')).toMatch(/100%/); // every launched subagent of the fixture completed
    expect(await page.textContent('#executions-table')).toMatch(/alpha\s*running/);
    const costRows = await page.$$eval('#task-cost-table tbody tr', (trs) => trs.map((tr) => tr.textContent ?? ''));
    expect(costRows).toHaveLength(4); // every task of the graph, measured (0 tokens: their sessions made no API calls)
    expect(costRows.join(' ')).toContain('design the API');
  });

  it('loads everything from the server itself (no CDN) without page errors', () => {
    const origin = new URL(srv.url).origin;
    expect(requests.filter((u) => !u.startsWith(origin))).toEqual([]);
    expect(requests).toContain(`${origin}/assets/chart.umd.min.js`);
    expect(pageErrors).toEqual([]);
  });

  it('shows a task transition live, within a couple of seconds, without a reload', async () => {
    const r = spawnSync(process.execPath, [CLI, 'task', 'done', sc.ids.docs], { env: cliEnv(home, { ...PROJECT, AGENTDAG_SESSION_ID: S2 }), encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(0);
    await page.waitForFunction((id) => document.querySelector('#event-log')!.textContent!.includes(`task_completed ${id}`), sc.ids.docs, { timeout: 3000 });
    await page.waitForFunction(() => /Completed: 2/.test(document.querySelector('#agents-summary')!.textContent!), undefined, { timeout: 3000 });
    expect(await page.textContent('#live-status')).toBe('live');
    fs.mkdirSync(path.join(ROOT, 'test-output'), { recursive: true });
    await page.screenshot({ path: path.join(ROOT, 'test-output', 'dashboard.png'), fullPage: true });
    expect(fs.statSync(path.join(ROOT, 'test-output', 'dashboard.png')).size).toBeGreaterThan(10_000);
  });
});
