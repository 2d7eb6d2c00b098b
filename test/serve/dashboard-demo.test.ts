// The quick start, then the dashboard: `agentdag demo` run from the checkout as `npm run demo`
// runs it (no `agentdag` on PATH), its closing hint run line by line as printed, and every panel
// of `agentdag serve` over the demo's data checked in a real browser (browser.ts): rows in every
// table, drawn charts (coloured pixels on each canvas), also at first paint with every /api/
// request blocked (the data is in the page). Screenshots in test-output/.
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser } from './browser';
import { CLI, cliEnv, ROOT, serve, type Served } from './helpers';

const OUT = path.join(ROOT, 'test-output');

/** This environment with every PATH entry that holds an `agentdag` removed: the quick start leaves none. */
function envWithoutAgentdag(home?: string): NodeJS.ProcessEnv {
  const env = cliEnv(home ?? os.tmpdir());
  if (!home) delete env.AGENTDAG_HOME;
  env.PATH = (env.PATH ?? '').split(path.delimiter).filter((d) => !fs.existsSync(path.join(d, 'agentdag'))).join(path.delimiter);
  delete env.COLUMNS;
  return env;
}

/** Coloured (not grey, not blank) pixels on a canvas: a chart was drawn, not just its frame. */
async function colouredPixels(page: Page, id: string): Promise<number> {
  return page.$eval(`#${id}`, (c) => {
    const canvas = c as HTMLCanvasElement;
    const data = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height).data;
    let n = 0;
    for (let i = 0; i < data.length; i += 4) if (data[i + 3] > 0 && Math.max(data[i], data[i + 1], data[i + 2]) - Math.min(data[i], data[i + 1], data[i + 2]) > 40) n++;
    return n;
  });
}

const rowsOf = (page: Page, table: string) => page.$$eval(`#${table} tbody tr`, (trs) => trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent ?? '')));

describe('the demo fills the dashboard', () => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'agentdag-demo-dash-'));
  const home = path.join(root, 'data');
  let demo: { status: number | null; stdout: string; stderr: string };
  let srv: Served;
  let browser: Browser;
  // One page for both browser tests (the bundled Chromium runs single-process: one page at a time).
  let page: Page;

  beforeAll(async () => {
    // As the quick start runs it: from the checkout, with nothing called agentdag on PATH.
    const r = spawnSync(process.execPath, [CLI, 'demo', '--home', home], { cwd: ROOT, env: envWithoutAgentdag(), encoding: 'utf8', timeout: 280_000 });
    demo = { status: r.status, stdout: r.stdout, stderr: r.stderr };
    if (demo.status !== 0) throw new Error(`demo exited ${demo.status}: ${demo.stderr}`);
    srv = await serve(home);
    ({ browser } = await launchBrowser());
    page = await browser.newPage({ viewport: { width: 1400, height: 1600 } });
    fs.mkdirSync(OUT, { recursive: true });
  }, 300_000);
  afterAll(async () => {
    await browser?.close();
    await srv?.stop();
    fs.rmSync(root, { recursive: true, force: true });
  });

  it('ran a 7-agent plan in 3 waves, with a failure and handoffs', () => {
    const plan = demo.stderr.split('\n').filter((l) => /^\s+wave \d/.test(l));
    expect(plan).toHaveLength(7);
    expect(new Set(plan.map((l) => l.trim().split(/\s+/)[2]))).toHaveProperty('size', 7); // seven agents
    expect(plan.filter((l) => l.includes('✗ failed'))).toHaveLength(1);
    expect(plan.filter((l) => l.includes('handoff from:'))).toHaveLength(2);
    expect(demo.stdout).toContain('## agentdag report wave-progress');
  });

  it('prints a closing hint whose every line runs as printed from the checkout', async () => {
    const hint = demo.stderr.split(/^done in .*\n/m)[1].split('\n').filter((l) => l.startsWith('  '));
    expect(hint[0]).toBe(`  export AGENTDAG_HOME=${home}`);
    const commands = hint.slice(1).map((l) => l.trim());
    for (const c of commands) expect(c, 'agentdag is not on PATH after the quick start').toMatch(/^node dist\/cli\/index\.js /);
    const env = envWithoutAgentdag();
    const serveLine = commands.find((c) => / serve\b/.test(c))!;
    const script = ['set -e', hint[0].trim(), ...commands.filter((c) => c !== serveLine)].join('\n');
    const r = spawnSync('/bin/sh', ['-c', script], { cwd: ROOT, env, encoding: 'utf8', timeout: 120_000 });
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toContain('session-trace'); // report --list
    expect(r.stdout).toMatch(/4 lanes \(main \+ 3 subagents\)/); // report session-trace
    expect(r.stdout).toMatch(/7/); // task status of the plan
    // The serve line, as printed: it must come up on the port it names.
    const server = spawn('/bin/sh', ['-c', `${hint[0].trim()}\nexec ${serveLine}`], { cwd: ROOT, env, stdio: ['ignore', 'ignore', 'pipe'] });
    let err = '';
    const up = await new Promise<boolean>((resolve) => {
      const timer = setTimeout(() => resolve(false), 20_000);
      server.stderr!.on('data', (d) => {
        err += d;
        if (/serving http:\/\/127\.0\.0\.1:7777/.test(err)) (clearTimeout(timer), resolve(true));
      });
      server.on('exit', () => (clearTimeout(timer), resolve(false)));
    });
    server.kill('SIGTERM');
    expect(up, err).toBe(true);
  });

  it('has its data at first paint: with every /api/ request blocked, the page is still full at the load event', async () => {
    const blocked: string[] = [];
    await page.route('**/api/**', (route) => (blocked.push(route.request().url()), route.abort()));
    // What a plain `chromium --headless --screenshot` captures: the page at its load event.
    await page.goto(`${srv.url}/`, { waitUntil: 'load' });
    expect(await page.$$('#agents-board li')).toHaveLength(7);
    for (const table of ['waves-table', 'cost-table', 'routing-table', 'executions-table', 'task-cost-table', 'sessions-table']) {
      const rows = await rowsOf(page, table);
      expect(rows.length, table).toBeGreaterThan(0);
      expect(rows[0].join(' '), table).not.toMatch(/no data yet|loading|error/i);
    }
    for (const canvas of ['wave-gantt', 'cost-by-model', 'routing-success']) expect(await colouredPixels(page, canvas), canvas).toBeGreaterThan(500);
    expect((await page.$$('#event-log li')).length).toBeGreaterThan(0);
    await page.screenshot({ path: path.join(OUT, 'dashboard-first-paint.png'), fullPage: true });
    expect(blocked.some((u) => u.includes('/api/v1/events'))).toBe(true); // the live stream was asked for, and blocked
    await page.unroute('**/api/**');
  });

  it('every panel shows rows or a drawn chart', async () => {
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`${srv.url}/`);
    await page.waitForSelector('body[data-ready="true"]');
    // Parallel agents: the plan's seven tasks, one failed.
    expect(await page.textContent('#agents-board')).toContain('TASK LIST release-1.2');
    expect(await page.$$('#agents-board li')).toHaveLength(7);
    expect(await page.textContent('#agents-summary')).toMatch(/Peak Parallelism: 3 agents .* Total Tasks: 7 │ Completed: 6 │ Failed: 1/);
    // Wave timeline: three waves, drawn.
    const waves = await page.evaluate(() => (window as any).agentdagDashboard.charts['wave-gantt'].data.datasets[0].data.length);
    expect(waves).toBe(3);
    expect(await rowsOf(page, 'waves-table')).toHaveLength(3);
    // Cost by model and routing success: charts with data, drawn.
    const models = await page.evaluate(() => (window as any).agentdagDashboard.charts['cost-by-model'].data.datasets.length);
    expect(models).toBeGreaterThanOrEqual(3);
    expect((await rowsOf(page, 'cost-table')).length).toBeGreaterThanOrEqual(3);
    expect((await rowsOf(page, 'routing-table')).length).toBeGreaterThanOrEqual(2);
    for (const canvas of ['wave-gantt', 'cost-by-model', 'routing-success']) expect(await colouredPixels(page, canvas), canvas).toBeGreaterThan(500);
    // DAG executions and the measured cost of every task: each claim joined to its session's API calls.
    const executions = await rowsOf(page, 'executions-table');
    expect(executions).toHaveLength(1);
    expect(executions[0][0]).toBe('release-1.2');
    const tasks = await rowsOf(page, 'task-cost-table');
    expect(tasks).toHaveLength(7);
    for (const t of tasks) expect(Number(t[5]), t.join(' | ')).toBeGreaterThan(1000); // tokens
    // Sessions, each a link to its trace; events from the task graph.
    const sessions = await page.$$eval('#sessions-table tbody a', (as) => as.map((a) => a.getAttribute('href')));
    expect(sessions).toHaveLength(22);
    expect((await page.$$('#event-log li')).length).toBeGreaterThanOrEqual(7 * 3); // created, claimed, started, finished
    await page.screenshot({ path: path.join(OUT, 'dashboard-demo.png'), fullPage: true });
    expect(errors).toEqual([]);
  });

});
