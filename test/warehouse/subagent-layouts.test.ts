// One real run's subagent moved into each layout Claude Code has written subagents in
// (`<session>/subagents/agent-<id>.jsonl`, `subagents/workflows/<run>/agent-<id>.jsonl`, and
// before 2.1 `agent-<id>.jsonl` beside the session files): the same subagent, type, launching call,
// calls and tokens every time, billed to the subagent and never to `main`. (1.0.x's inline sidechains
// are checked on the real corpus: real-corpus.test.ts.)
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { allFixtures, cli, query, tempHome } from './fixture-pipeline';

const fx = allFixtures().find((f) => f.version === '2.1.330' && f.scenario === 'b-one-subagent')!;
const gt = JSON.parse(fs.readFileSync(path.join(fx.dir, 'ground-truth.json'), 'utf8'));
const sub = gt.subagents[0];
const sid: string = gt.session_id;

/** The fixture's transcripts with the subagent's two files moved to `place(projectDir)`. */
function staged(place: (projectDir: string) => string): string {
  const home = tempHome('agentdag-layout-');
  const projects = path.join(home, 'claude', 'projects');
  fs.cpSync(path.join(fx.dir, 'transcripts'), projects, { recursive: true });
  const projectDir = path.join(projects, '-home-dev-project');
  const from = path.join(projectDir, sid, 'subagents');
  const to = place(projectDir);
  fs.mkdirSync(to, { recursive: true });
  for (const f of fs.readdirSync(from).filter((n) => n.startsWith('agent-'))) fs.renameSync(path.join(from, f), path.join(to, f));
  cli(home, ['ingest', '--transcripts', projects]);
  return home;
}

describe.each([
  ['subagents/', (d: string) => path.join(d, sid, 'subagents'), null],
  ['subagents/workflows/<run>/', (d: string) => path.join(d, sid, 'subagents', 'workflows', 'wf-run-7'), 'wf-run-7'],
  ['beside the session (before 2.1)', (d: string) => d, null],
] as const)('a subagent in %s', (_name, place, run) => {
  it('is the same subagent with its launch, type, calls and tokens', async () => {
    const home = staged(place);
    const [a] = await query(home, 'SELECT agent_type, launch_tool_use_id, end_status, workflow_run_id, is_compaction FROM dim_agent WHERE session_id = $1 AND agent_id = $2', [sid, sub.observed_agent_id]);
    expect(a).toEqual({ agent_type: sub.subagent_type, launch_tool_use_id: sub.launched_by_tool_use_id, end_status: 'completed', workflow_run_id: run, is_compaction: false });
    const calls = await query(home, `SELECT coalesce(agent_id, 'main') AS conv, count(*) AS n, sum(output_tokens) AS o FROM fact_api_call WHERE session_id = $1 GROUP BY 1 ORDER BY 1`, [sid]);
    const want = gt.tokens_by_conversation;
    expect(calls).toEqual([
      { conv: sub.observed_agent_id, n: want[`agent:${sub.agent_key}`].api_calls, o: want[`agent:${sub.agent_key}`].output_tokens },
      { conv: 'main', n: want.main.api_calls, o: want.main.output_tokens },
    ]);
    const [r] = await query(home, 'SELECT agent_name, launched_agent_id, subagent_status FROM fact_routing_decision WHERE session_id = $1', [sid]);
    expect(r).toEqual({ agent_name: sub.subagent_type, launched_agent_id: sub.observed_agent_id, subagent_status: 'completed' });
  });
});
