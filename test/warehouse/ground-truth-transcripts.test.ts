// The journal removed: every fixture run loaded from its transcripts alone (`agentdag ingest
// --transcripts`, as a new user with weeks of history from before any hook), checked against the
// same ground truth as with hooks, for every figure transcripts can know: tool calls with their
// tool, outcome and agent; subagents with type, launching call, background flag, end and tokens;
// tokens per model and per conversation. Hook-only facts (hook timings) are not asked for.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { allFixtures, cli, query, tempHome } from './fixture-pipeline';
import { describeGroundTruth } from './ground-truth-checks';

const fixtures = allFixtures();
let home: string;

beforeAll(() => {
  home = tempHome('agentdag-gt-transcripts-');
  const projects = path.join(home, 'claude', 'projects');
  for (const fx of fixtures) fs.cpSync(path.join(fx.dir, 'transcripts'), projects, { recursive: true });
  cli(home, ['ingest', '--transcripts', projects]);
}, 300_000);

describe('no journal at all', () => {
  it('has no hook event, and every step and session came from the transcripts', async () => {
    const [r] = await query(home, `SELECT (SELECT count(*) FROM raw_hook_events) AS hooks, (SELECT count(*) FROM fact_execution_step WHERE source <> 'transcript') AS other, (SELECT count(*) FROM fact_execution_step) AS steps`);
    expect(r.hooks).toBe(0);
    expect(r.other).toBe(0);
    expect(r.steps).toBeGreaterThan(50);
    const sessions = await query(home, 'SELECT DISTINCT facts_source FROM v_session_summary');
    expect(sessions.map((s) => s.facts_source)).toEqual(['transcripts']);
  });
});

describeGroundTruth(fixtures, () => home, true);
