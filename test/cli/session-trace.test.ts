// `agentdag report session-trace` as a process, on two real Claude Code runs ingested into a real
// warehouse: text lanes that fit the terminal, waves and failures listed, the model as JSON.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli, tempHome } from '../serve/helpers';
import { fixture, groundTruth, stageShifted } from '../analytics/shifted-fixture';

const PARALLEL = fixture('2.1.330', 'c-parallel-subagents');
const FAILURES = fixture('2.1.330', 'e-tool-failures');

describe('agentdag report session-trace', () => {
  const home = tempHome('agentdag-trace-cli-');
  const trace = (args: string[], env: Record<string, string> = {}) => cli(home, ['report', 'session-trace', ...args], { COLUMNS: '100', ...env });

  beforeAll(() => {
    stageShifted(PARALLEL, home, Date.now() - 120_000);
    stageShifted(FAILURES, home, Date.now() - 60_000);
    const r = cli(home, ['ingest', '--json'], { CLAUDE_CONFIG_DIR: path.join(home, 'claude') });
    if (r.status !== 0) throw new Error(`ingest failed: ${r.stderr}`);
  });
  afterAll(() => fs.rmSync(home, { recursive: true, force: true }));

  it('draws the main thread and each subagent as a lane, parallel calls on their own lines, the wave listed', () => {
    const gt = groundTruth(PARALLEL);
    const r = trace(['--session', gt.session_id.slice(0, 8)]); // a unique prefix will do
    expect(r.status, r.stderr).toBe(0);
    const lines = r.stdout.trimEnd().split('\n');
    for (const l of lines.filter((l) => !l.startsWith('each tool call'))) expect(l.length, l).toBeLessThanOrEqual(100);
    expect(lines[0]).toContain(`session ${gt.session_id}`);
    expect(lines[1]).toMatch(/^4 lanes \(main \+ 3 subagents\) · 6 tool calls, 0 failed/);
    const header = lines.findIndex((l) => l.startsWith('lane '));
    expect(lines[header]).toMatch(/^lane\s+0s .* calls\s+tokens\s+cost$/);
    const main = lines[header + 1];
    expect(main).toMatch(/^main\s+├/);
    expect(main).toMatch(/A+.*\s3\s/);
    // The three Agent calls overlap: two more lines of the main lane, each with its own bar.
    expect(lines[header + 2]).toMatch(/^\s+\S*A+/);
    expect(lines[header + 3]).toMatch(/^\s+\S*A+/);
    const subLanes = lines.filter((l) => l.startsWith('↳ '));
    expect(subLanes.map((l) => l.split(/\s+/)[1]).sort()).toEqual(gt.subagents.map((s: any) => s.subagent_type).sort());
    for (const l of subLanes) expect(l).toMatch(/├.*┤\s+1\s+\d+\.\dk\s+\$0\.\d{4}$/);
    expect(r.stdout).toMatch(/waves .*:\n {2}1 {2}main: 3 Agent calls at \d+ ms → /);
  });

  it('marks failed calls with ✗ and lists each with its outcome and error', () => {
    const gt = groundTruth(FAILURES);
    const r = trace(['--session', gt.session_id]);
    expect(r.status, r.stderr).toBe(0);
    const failed = gt.tool_calls.filter((t: any) => t.observed_outcome !== 'success').length;
    expect(r.stdout).toMatch(new RegExp(`main thread only · ${gt.tool_calls.length} tool calls, ${failed} failed`));
    expect(r.stdout).toMatch(new RegExp(`^main\\s+├.*✗.*┤\\s+${gt.tool_calls.length}/${failed}✗`, 'm'));
    const list = r.stdout.split('failed tool calls:\n')[1].split('\n\n')[0].split('\n');
    expect(list).toHaveLength(failed);
    expect(list.map((l) => l.trim().split(/\s+/)[4])).toEqual(['denied', 'denied', 'denied', 'timeout', 'error']);
    expect(list.join('\n')).toMatch(/timed out/);
  });

  it('--json gives the model; --format csv the query rows; a wrong id names the fix', () => {
    const gt = groundTruth(PARALLEL);
    const json = JSON.parse(trace(['--session', gt.session_id, '--json']).stdout);
    expect(json.lanes).toHaveLength(4);
    expect(json.calls).toHaveLength(gt.tool_calls.length);
    expect(json.waves).toEqual([expect.objectContaining({ n: 1, lane: 'main', calls: 3, tools: ['Agent'] })]);
    expect(json.lanes.slice(1).map((l: any) => l.launchedBy).sort()).toEqual(gt.subagents.map((s: any) => s.launched_by_tool_use_id).sort());
    const csv = trace(['--session', gt.session_id, '--format', 'csv']).stdout.trim().split('\n');
    expect(csv[0].split(',').slice(0, 3)).toEqual(['kind', 'lane_id', 'agent_name']);
    expect(csv.filter((l) => l.startsWith('tool_call,'))).toHaveLength(gt.tool_calls.length);
    const missing = trace(['--session', 'nope']);
    expect(missing.status).toBe(2);
    expect(missing.stderr).toMatch(/no session "nope".*\n.*fix: .*agentdag report sessions/);
    const none = trace([]);
    expect(none.status).toBe(2);
    expect(none.stderr).toMatch(/fix: pass --session ID/);
  });
});
