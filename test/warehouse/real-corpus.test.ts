// Real transcripts written by people outside this project (../shared/real-corpus: Claude Code 1.0.98
// → 2.1.39, four public repositories, no hook journal), imported with `agentdag ingest
// --transcripts`. Every expected figure is computed HERE from the files by a parser written for
// this test (plain JSON.parse per line), never from agentdag's output: tool calls and their
// errors, subagent launches per type, compactions, inline sidechain calls, tokens per day and model.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { cli, query, tempHome } from './fixture-pipeline';
import { ROOT } from '../paths';

const CORPUS = path.resolve(ROOT, '..', 'shared', 'real-corpus');
const HAVE = fs.existsSync(CORPUS);

interface Line {
  file: string;
  j: any;
}

function files(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? files(p) : e.name.endsWith('.jsonl') ? [p] : [];
  });
}

/** The corpus, parsed independently of agentdag. */
function parse() {
  const lines: Line[] = [];
  for (const f of files(CORPUS))
    for (const raw of fs.readFileSync(f, 'utf8').split('\n')) {
      if (!raw.trim()) continue;
      try {
        lines.push({ file: f, j: JSON.parse(raw) });
      } catch {
        /* a torn line: not counted */
      }
    }
  const blocks = (l: Line) => (Array.isArray(l.j.message?.content) ? l.j.message.content : []);

  // Tool calls: tool_use blocks, one per (session, id); their results (is_error) from user lines.
  const uses = new Map<string, { session: string; name: string; input: any }>();
  const results = new Map<string, { isError: boolean; toolUseResult: any }>();
  for (const l of lines) {
    for (const b of blocks(l)) {
      const key = `${l.j.sessionId} ${b.id ?? b.tool_use_id}`;
      if (l.j.type === 'assistant' && b.type === 'tool_use' && !uses.has(key)) uses.set(key, { session: l.j.sessionId, name: b.name, input: b.input ?? {} });
      if (l.j.type === 'user' && b.type === 'tool_result' && !results.has(key)) results.set(key, { isError: b.is_error === true, toolUseResult: l.j.toolUseResult });
    }
  }
  const perSession: Record<string, { tools: number; failed: number }> = {};
  let errors = 0;
  let noResult = 0;
  for (const [key, u] of uses) {
    const r = results.get(key);
    const s = (perSession[u.session] ??= { tools: 0, failed: 0 });
    s.tools++;
    if (!r) noResult++;
    if (r?.isError) errors++;
    if (!r || r.isError) s.failed++;
  }

  // Subagent launches: Task (before 2.1) and Agent calls, by subagent_type.
  const launches: Record<string, number> = {};
  const launched: { agentId: string; type: string; status: string | undefined }[] = [];
  for (const [key, u] of uses) {
    if (u.name !== 'Task' && u.name !== 'Agent') continue;
    const type = u.input.subagent_type ?? 'general-purpose';
    launches[type] = (launches[type] ?? 0) + 1;
    const res = results.get(key)?.toolUseResult;
    if (res && typeof res === 'object' && res.agentId) launched.push({ agentId: res.agentId, type, status: res.status });
  }

  // Compactions: compact_boundary lines, and the compaction agents' files (not subagents).
  const boundaries = lines.filter((l) => l.j.type === 'system' && l.j.subtype === 'compact_boundary').length;
  const compactionFiles = new Set(lines.filter((l) => /^agent-acompact-/.test(path.basename(l.file))).map((l) => l.file)).size;

  // API calls: one per (message id, request id); of the copies the one with the most output wins.
  const calls = new Map<string, { session: string; day: string; model: string; sidechain: boolean; file: string; u: any }>();
  for (const l of lines) {
    const m = l.j.message;
    if (l.j.type !== 'assistant' || !m?.id || !m.usage || m.model === '<synthetic>') continue;
    const key = `${m.id} ${l.j.requestId ?? ''}`;
    const prev = calls.get(key);
    if (!prev || (m.usage.output_tokens ?? 0) > (prev.u.output_tokens ?? 0) || (l.j.isSidechain && !prev.sidechain && (m.usage.output_tokens ?? 0) === (prev.u.output_tokens ?? 0)))
      calls.set(key, { session: l.j.sessionId, day: String(l.j.timestamp).slice(0, 10), model: m.model, sidechain: l.j.isSidechain === true, file: l.file, u: m.usage });
  }
  // Subagent output: the parent's result carries the real usage of the subagent's LAST call.
  let corrected = 0;
  let recorded = 0;
  let real = 0;
  for (const { agentId } of launched) {
    const res = [...results.values()].find((r) => r.toolUseResult?.agentId === agentId)?.toolUseResult;
    const u = res?.usage;
    if (!u) continue;
    const call = [...calls.values()].find(
      (c) => path.basename(c.file) === `agent-${agentId}.jsonl` && c.u.input_tokens === u.input_tokens && (c.u.cache_read_input_tokens ?? 0) === (u.cache_read_input_tokens ?? 0) && (c.u.cache_creation_input_tokens ?? 0) === (u.cache_creation_input_tokens ?? 0),
    );
    if (!call || u.output_tokens <= call.u.output_tokens) continue;
    corrected++;
    recorded += call.u.output_tokens;
    real += u.output_tokens;
    call.u = { ...call.u, output_tokens: u.output_tokens };
  }
  const byDayModel: Record<string, { input: number; output: number; cacheRead: number; cacheWrite: number; calls: number }> = {};
  const sidechainCalls: Record<string, number> = {};
  for (const c of calls.values()) {
    const t = (byDayModel[`${c.day} ${c.model}`] ??= { input: 0, output: 0, cacheRead: 0, cacheWrite: 0, calls: 0 });
    t.input += c.u.input_tokens ?? 0;
    t.output += c.u.output_tokens ?? 0;
    t.cacheRead += c.u.cache_read_input_tokens ?? 0;
    t.cacheWrite += c.u.cache_creation_input_tokens ?? 0;
    t.calls++;
    if (c.sidechain) sidechainCalls[c.session] = (sidechainCalls[c.session] ?? 0) + 1;
  }
  const sessions = new Set(lines.map((l) => l.j.sessionId).filter(Boolean));
  return { uses: uses.size, errors, noResult, perSession, launches, launched, boundaries, compactionFiles, byDayModel, sidechainCalls, sessions, corrected, recorded, real };
}

let home: string;
let want: ReturnType<typeof parse>;

beforeAll(() => {
  if (!HAVE) return;
  want = parse();
  home = tempHome('agentdag-real-');
  fs.mkdirSync(path.join(home, 'claude'), { recursive: true }); // an empty config dir: only the corpus is read
  cli(home, ['ingest', '--transcripts', CORPUS]);
}, 300_000);

describe.skipIf(!HAVE)('the real corpus, transcripts only, against an independent parse', () => {
  it('has every tool call, with the errors and the calls that never got a result', async () => {
    expect(want.uses).toBeGreaterThan(1500); // the parse itself read the corpus
    const [r] = await query(
      home,
      `SELECT count(*) AS n, count(*) FILTER (WHERE status_detail = 'no_result') AS no_result,
              count(*) FILTER (WHERE status <> 'success' AND status_detail <> 'no_result') AS errors,
              count(*) FILTER (WHERE source <> 'transcript') AS not_transcript
       FROM fact_execution_step`,
    );
    expect(r).toEqual({ n: want.uses, no_result: want.noResult, errors: want.errors, not_transcript: 0 });
  });

  it('reports each session ended, with its tools and failures', async () => {
    const rows = await query(home, 'SELECT session_id, status, tools_invoked, tools_failed, facts_source FROM v_session_summary');
    expect(new Set(rows.map((r) => r.session_id))).toEqual(want.sessions);
    const got = Object.fromEntries(rows.filter((r) => r.tools_invoked > 0).map((r) => [r.session_id, { tools: r.tools_invoked, failed: r.tools_failed }]));
    expect(got).toEqual(want.perSession);
    for (const r of rows) {
      expect(r.status, r.session_id).toBe('ENDED'); // weeks old, no SessionEnd hook: quiet, not RUNNING
      expect(r.facts_source).toBe('transcripts');
    }
  });

  it('has every subagent launch (Task and Agent) with its type, and the launched subagent with its end', async () => {
    const rows = await query(home, 'SELECT agent_name, count(*) AS n FROM fact_routing_decision GROUP BY 1');
    expect(Object.fromEntries(rows.map((r) => [r.agent_name, r.n]))).toEqual(want.launches);
    expect(want.launched.length).toBeGreaterThan(5);
    for (const l of want.launched) {
      const [a] = await query(home, 'SELECT agent_type, end_status, launch_tool_use_id FROM dim_agent WHERE agent_id = $1', [l.agentId]);
      expect(a, l.agentId).toBeDefined();
      expect(a.agent_type).toBe(l.type);
      expect(a.launch_tool_use_id).not.toBeNull();
      if (l.status === 'completed') expect(a.end_status).toBe('completed');
    }
  });

  it('counts compactions: boundaries as session events, acompact files as compaction agents, not subagents', async () => {
    const [ev] = await query(home, `SELECT count(*) AS n FROM fact_session_event WHERE event_type = 'compaction'`);
    expect(ev.n).toBe(want.boundaries);
    const [ag] = await query(home, `SELECT count(*) FILTER (WHERE is_compaction) AS compaction, count(*) FILTER (WHERE agent_type = 'compaction' AND NOT is_compaction) AS wrong FROM dim_agent`);
    expect(ag).toEqual({ compaction: want.compactionFiles, wrong: 0 });
    expect(want.boundaries + want.compactionFiles).toBeGreaterThan(0);
  });

  it('bills sidechain (subagent) calls to the subagent, never to main, in every layout', async () => {
    const rows = await query(home, `SELECT session_id, count(*) AS n FROM fact_api_call WHERE agent_id IS NOT NULL GROUP BY 1`);
    expect(Object.fromEntries(rows.map((r) => [r.session_id, r.n]))).toEqual(want.sidechainCalls);
    const [inline] = await query(home, `SELECT count(*) FILTER (WHERE agent_name <> 'main') AS sub, count(*) AS n FROM fact_api_call WHERE session_id LIKE 'fe5e1c67%'`);
    expect(inline).toEqual({ sub: want.sidechainCalls['fe5e1c67-53e7-4862-81ae-d0e013e3270b'], n: inline.n });
    expect(inline.sub).toBeGreaterThan(100); // Claude Code 1.0.x: subagents written inline
  });

  it('has the tokens per day and model, once per message, subagent outputs corrected from the parent', async () => {
    const rows = await query(
      home,
      `SELECT CAST(call_date AS VARCHAR) AS day, model, sum(input_tokens) AS input, sum(output_tokens) AS output,
              sum(cache_read_tokens) AS cache_read, sum(cache_write_5m_tokens + cache_write_1h_tokens) AS cache_write, count(*) AS calls
       FROM fact_api_call GROUP BY ALL`,
    );
    const got = Object.fromEntries(rows.map((r) => [`${r.day} ${r.model}`, { input: r.input, output: r.output, cacheRead: r.cache_read, cacheWrite: r.cache_write, calls: r.calls }]));
    expect(got).toEqual(want.byDayModel);
    const [c] = await query(home, `SELECT count(*) AS n, sum(output_tokens) AS real, sum(output_tokens_recorded) AS recorded FROM fact_api_call WHERE output_corrected`);
    expect(c).toEqual({ n: want.corrected, real: want.real, recorded: want.recorded });
    expect(want.corrected).toBeGreaterThan(0);
  });
});
