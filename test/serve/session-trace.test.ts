// The session page in a real browser (browser.ts) against a real server and warehouse: two real
// Claude Code runs (three parallel subagents; six ways a tool call fails) staged and ingested, the
// sessions list followed to each trace, and the waterfall checked against the runs' ground truth:
// one lane per agent, one bar per tool call coloured by outcome, one link per subagent launch from
// its Agent call to its lane, the parallel launch drawn as a wave. Screenshots in test-output/.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser } from './browser';
import { cli, ROOT, serve, tempHome, type Served } from './helpers';
import { fixture, groundTruth, stageShifted } from '../analytics/shifted-fixture';

const PARALLEL = fixture('2.1.330', 'c-parallel-subagents');
const FAILURES = fixture('2.1.330', 'e-tool-failures');
const OUT = path.join(ROOT, 'test-output');

const kTokens = (n: number) => (n >= 1000 ? `${(n / 1000).toFixed(1)}k` : String(n));

describe('the session trace page, in a real browser', () => {
  const home = tempHome('agentdag-trace-');
  let srv: Served;
  let browser: Browser;
  let page: Page;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    stageShifted(PARALLEL, home, Date.now() - 120_000);
    stageShifted(FAILURES, home, Date.now() - 60_000);
    const r = cli(home, ['ingest', '--json'], { CLAUDE_CONFIG_DIR: path.join(home, 'claude') });
    if (r.status !== 0) throw new Error(`ingest failed: ${r.stderr}`);
    srv = await serve(home);
    ({ browser } = await launchBrowser());
    page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    page.on('pageerror', (e) => pageErrors.push(e.message));
    fs.mkdirSync(OUT, { recursive: true });
  });
  afterAll(async () => {
    await browser?.close();
    await srv?.stop();
    fs.rmSync(home, { recursive: true, force: true });
  });

  async function openFromList(sessionId: string): Promise<void> {
    await page.goto(`${srv.url}/`);
    const link = page.locator(`#sessions-table a[href="/sessions/${sessionId}"]`);
    await expect(link.count()).resolves.toBe(1);
    await link.click();
    await page.waitForURL(`${srv.url}/sessions/${sessionId}`);
    await page.waitForSelector('svg.trace');
  }

  it('parallel subagents: a lane each, launched from their Agent calls, as one wave', async () => {
    const gt = groundTruth(PARALLEL);
    await openFromList(gt.session_id);
    const lanes = await page.$$eval('svg.trace g.lane', (gs) => gs.map((g) => ({ id: g.getAttribute('data-lane'), text: g.textContent ?? '' })));
    expect(lanes).toHaveLength(1 + gt.subagents.length);
    expect(lanes[0].id).toBe('main');
    // One bar per tool call of the run, each where it ran, coloured by its outcome.
    const bars = await page.$$eval('svg.trace g.call', (gs) => gs.map((g) => ({ id: g.getAttribute('data-tool-use-id'), status: g.getAttribute('data-status'), lane: g.getAttribute('data-lane'), cls: g.getAttribute('class'), w: Number(g.querySelector('rect')!.getAttribute('width')) })));
    expect(bars.map((b) => b.id).sort()).toEqual(gt.tool_calls.map((t: any) => t.tool_use_id).sort());
    for (const b of bars) {
      expect(b.status).toBe('success');
      expect(b.cls).toContain('status-success');
      expect(b.w).toBeGreaterThanOrEqual(3);
    }
    expect(bars.filter((b) => b.lane === 'main')).toHaveLength(3);
    // Each subagent: a launch link from its Agent call to its lane, which names it and its cost.
    const links = await page.$$eval('svg.trace a.link', (as) => as.map((a) => ({ from: a.getAttribute('data-from'), to: a.getAttribute('data-to'), href: a.getAttribute('href') })));
    expect(links).toHaveLength(gt.subagents.length);
    for (const sub of gt.subagents) {
      const link = links.find((l) => l.from === sub.launched_by_tool_use_id);
      expect(link, sub.description).toBeDefined();
      expect(link!.href).toBe(`#lane-${link!.to}`);
      const lane = lanes.find((l) => l.id === link!.to)!;
      expect(lane.text).toContain(sub.subagent_type);
      expect(lane.text).toContain(sub.description);
      const t = sub.tokens;
      expect(lane.text).toContain(`${kTokens(t.input_tokens + t.output_tokens + t.cache_creation_input_tokens + t.cache_read_input_tokens)} tokens`);
      expect(lane.text).toMatch(/\$0\.\d{4}/);
    }
    // The three launches came in one API message: one wave spanning the main lane and the three it launched.
    expect(await page.$$('svg.trace g.wave rect')).toHaveLength(1);
    const waves = await page.$$eval('svg.trace g.wave-label', (gs) => gs.map((g) => g.textContent?.trim()));
    expect(waves).toEqual(['wave 1 · 3 Agent calls in parallel']);
    expect(await page.textContent('#trace-summary')).toMatch(/4 lanes: main \+ 3 subagents · 1 wave of parallel calls · 6 tool calls, 0 failed/);
    // Following a link goes to the lane.
    // Click the line itself, just before its arrow, where a person would.
    const at = await page.$eval(`svg.trace a.link[data-from="${gt.subagents[0].launched_by_tool_use_id}"] path.line`, (p) => {
      const line = p as SVGPathElement;
      const pt = line.getPointAtLength(line.getTotalLength() - 10).matrixTransform(line.getScreenCTM()!);
      return { x: pt.x, y: pt.y };
    });
    await page.mouse.click(at.x, at.y);
    const target = links.find((l) => l.from === gt.subagents[0].launched_by_tool_use_id)!.to;
    await page.waitForURL((u) => u.hash === `#lane-${target}`, { timeout: 5000 });
    await page.screenshot({ path: path.join(OUT, 'session-trace-parallel.png'), fullPage: true });
  });

  it('tool failures: every failed call is a bar in its outcome\'s colour, and listed with its error', async () => {
    const gt = groundTruth(FAILURES);
    await openFromList(gt.session_id);
    const bars = await page.$$eval('svg.trace g.call', (gs) => gs.map((g) => ({ id: g.getAttribute('data-tool-use-id'), status: g.getAttribute('data-status'), fill: getComputedStyle(g.querySelector('rect')!).fill })));
    expect(bars).toHaveLength(gt.tool_calls.length);
    const failedInTruth = gt.tool_calls.filter((t: any) => t.observed_outcome !== 'success').length;
    expect(bars.filter((b) => b.status !== 'success')).toHaveLength(failedInTruth);
    expect(new Set(bars.map((b) => b.status))).toEqual(new Set(['success', 'denied', 'timeout', 'error']));
    // Outcomes are told apart by colour.
    const fillOf = (s: string) => new Set(bars.filter((b) => b.status === s).map((b) => b.fill));
    for (const s of ['success', 'denied', 'timeout', 'error']) expect(fillOf(s).size, s).toBe(1);
    expect(new Set(['success', 'denied', 'timeout', 'error'].map((s) => [...fillOf(s)][0])).size).toBe(4);
    expect(await page.$$('svg.trace g.lane')).toHaveLength(1);
    expect(await page.$$('svg.trace a.link')).toHaveLength(0);
    const rows = await page.$$eval('#calls-table tbody tr', (trs) => trs.map((tr) => ({ cls: tr.getAttribute('class'), text: tr.textContent ?? '' })));
    expect(rows).toHaveLength(gt.tool_calls.length);
    expect(rows.find((r) => r.cls === 'status-timeout')!.text).toMatch(/timed out/);
    expect(rows.filter((r) => r.cls === 'status-denied').map((r) => r.text).join(' ')).toMatch(/has been denied/);
    expect(await page.textContent('#trace-summary')).toContain(`${gt.tool_calls.length} tool calls, ${failedInTruth} failed`);
    await page.screenshot({ path: path.join(OUT, 'session-trace-failures.png'), fullPage: true });
    expect(fs.statSync(path.join(OUT, 'session-trace-failures.png')).size).toBeGreaterThan(10_000);
  });

  it('an unknown session gets a page that says so, with the fix; no page errors anywhere', async () => {
    const r = await page.goto(`${srv.url}/sessions/no-such-session`);
    expect(r!.status()).toBe(404);
    expect(await page.textContent('main')).toMatch(/no session "no-such-session".*agentdag report sessions/s);
    expect(pageErrors).toEqual([]);
  });
});
