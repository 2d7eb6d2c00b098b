// Hooks and transcripts merged, not doubled: one step per tool_use_id; the hooks' statuses and
// timings where they saw the call end, the transcript where they did not (a lost PostToolUse; a
// session from before the hooks were installed). Each session says where its facts came from.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { allFixtures, cli, fixtureEnvelopes, query, tempHome } from './fixture-pipeline';

const all = allFixtures();
const HOOKED = all.find((f) => f.version === '2.1.330' && f.scenario === 'c-parallel-subagents')!;
const BEFORE_INSTALL = all.find((f) => f.version === '2.1.197' && f.scenario === 'a-basic-tools')!;
const gt = (fx: { dir: string }) => JSON.parse(fs.readFileSync(path.join(fx.dir, 'ground-truth.json'), 'utf8'));

let home: string;
let lost: string; // the successful call whose PostToolUse never reached the journal

beforeAll(() => {
  home = tempHome('agentdag-merge-');
  const claude = path.join(home, 'claude');
  for (const fx of [HOOKED, BEFORE_INSTALL]) fs.cpSync(path.join(fx.dir, 'transcripts'), path.join(claude, 'projects'), { recursive: true });
  const envelopes = fixtureEnvelopes(HOOKED, claude);
  const posts = envelopes.filter((e) => JSON.parse(e).event === 'PostToolUse' && JSON.parse(e).payload.tool_name !== 'Agent');
  lost = JSON.parse(posts[0]).payload.tool_use_id;
  fs.writeFileSync(path.join(home, 'journal.jsonl'), envelopes.filter((e) => e !== posts[0]).join('\n') + '\n');
  cli(home, ['ingest', '--transcripts', path.join(claude, 'projects')]);
}, 300_000);

describe('hooks and transcripts of one session', () => {
  it('give one step per tool call, never two', async () => {
    const want = gt(HOOKED).tool_calls.length;
    const [r] = await query(home, `SELECT count(*) AS n, count(DISTINCT tool_use_id) AS ids, count(*) FILTER (WHERE source = 'both') AS both FROM fact_execution_step WHERE session_id = $1`, [gt(HOOKED).session_id]);
    expect(r).toEqual({ n: want, ids: want, both: want });
  });

  it('take the hooks where they saw the end, the transcript where the PostToolUse was lost', async () => {
    const rows = await query(home, `SELECT tool_use_id, status, duration_ms FROM fact_execution_step WHERE session_id = $1`, [gt(HOOKED).session_id]);
    const lostRow = rows.find((r) => r.tool_use_id === lost)!;
    // the hooks alone would call it denied (a PreToolUse and a batch entry, no Post*)
    expect(lostRow.status).toBe('success');
    for (const t of gt(HOOKED).tool_calls) expect(rows.find((r) => r.tool_use_id === t.tool_use_id)!.status, t.tool_use_id).toBe(t.observed_outcome === 'success' ? 'success' : 'error');
    const [s] = await query(home, 'SELECT facts_source, completeness FROM v_session_summary WHERE session_id = $1', [gt(HOOKED).session_id]);
    expect(s).toEqual({ facts_source: 'both', completeness: 'complete' });
  });
});

describe('a session from before the hooks were installed', () => {
  it('has its steps from the transcript alone, and says so', async () => {
    const sid = gt(BEFORE_INSTALL).session_id;
    const [r] = await query(home, `SELECT count(*) AS n, count(*) FILTER (WHERE source = 'transcript') AS t FROM fact_execution_step WHERE session_id = $1`, [sid]);
    expect(r).toEqual({ n: gt(BEFORE_INSTALL).tool_calls.length, t: gt(BEFORE_INSTALL).tool_calls.length });
    const [s] = await query(home, 'SELECT facts_source, completeness, status FROM v_session_summary WHERE session_id = $1', [sid]);
    expect(s.facts_source).toBe('transcripts');
    expect(s.completeness).toMatch(/^transcripts only/);
    expect(s.status).toBe('ENDED');
  });
});
