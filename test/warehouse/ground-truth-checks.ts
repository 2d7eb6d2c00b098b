// The per-run checks against each fixture's ground-truth.json (real Claude Code runs, two CLI
// versions): tool calls per tool and outcome, subagents and their types, tokens per model and per
// conversation, exactly. Run over a warehouse loaded from hooks + transcripts
// (ground-truth.test.ts) and from the transcripts alone (ground-truth-transcripts.test.ts).
import * as path from 'node:path';
import * as fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { type Fixture, query } from './fixture-pipeline';

/** Our (status, status_detail) in the ground truth's outcome words. */
function outcome(status: string, detail: string | null, transcriptsOnly: boolean): string {
  // A call cut off by SIGINT: the hooks saw only its PreToolUse (no result: 'started'); the
  // transcript holds the interrupt text Claude Code wrote as its result. Both say: started, never ended.
  if (transcriptsOnly && status === 'interrupted' && detail === 'interrupt') return 'started';
  if (status === 'success') return 'success';
  if (status === 'timeout' || (status === 'error' && detail === 'tool_error')) return 'error';
  if (status === 'error' && detail === 'validation_error') return 'validation_error';
  if (status === 'denied' && detail === 'blocked_by_hook') return 'blocked_by_hook';
  if (status === 'denied') return 'denied';
  if (status === 'interrupted' && detail === 'no_result') return 'started';
  return `${status}/${detail}`;
}

const TOKEN_KEYS = ['input_tokens', 'output_tokens', 'cache_creation_input_tokens', 'cache_read_input_tokens', 'cache_creation_5m_input_tokens', 'cache_creation_1h_input_tokens', 'api_calls'];

/**
 * The outcome the warehouse can know. The one thing transcripts cannot tell: before 2.1.330 an SDK
 * host's denial is a tool_result with is_error and the host's own words, no toolDenialKind, just
 * like a tool that ran and failed (2.1.330 labels it; the hooks tell it by the missing Post* hook).
 */
function wantOutcome(t: { observed_outcome: string; note?: string }, version: string, transcriptsOnly: boolean): string {
  if (transcriptsOnly && version === '2.1.197' && t.observed_outcome === 'denied' && t.note === 'host answers deny to the permission prompt') return 'error';
  return t.observed_outcome;
}

/** The checks of every fixture run against its ground truth, on the warehouse in `home()`. */
export function describeGroundTruth(fixtures: Fixture[], home: () => string, transcriptsOnly = false): void {
  describe.each(fixtures.map((f) => [`${f.version}/${f.scenario}`, f] as const))('%s', (_name, fx) => {
    const gt = JSON.parse(fs.readFileSync(path.join(fx.dir, 'ground-truth.json'), 'utf8'));
    const sid: string = gt.session_id;

    it('has every tool call with its tool, outcome and agent', async () => {
      const rows = await query(home(), 'SELECT tool_use_id, tool_name, status, status_detail, agent_id FROM fact_execution_step WHERE session_id = $1', [sid]);
      const got = Object.fromEntries(rows.map((r) => [r.tool_use_id, { tool: r.tool_name, outcome: outcome(r.status, r.status_detail, transcriptsOnly), agent: r.agent_id ?? null }]));
      const want = Object.fromEntries(
        gt.tool_calls.map((t: any) => [t.tool_use_id, { tool: t.tool_name, outcome: wantOutcome(t, fx.version, transcriptsOnly), agent: t.conversation === 'main' ? null : (t.observed_agent_id ?? got[t.tool_use_id]?.agent) }]),
      );
      expect(got).toEqual(want);
      const byName = await query(home(), `SELECT tool_name, count(*) AS total, count(*) FILTER (WHERE status = 'success') AS success FROM fact_execution_step WHERE session_id = $1 GROUP BY 1`, [sid]);
      for (const [tool, counts] of Object.entries(gt.tool_calls_by_name as Record<string, { total: number; success?: number }>)) {
        const r = byName.find((b) => b.tool_name === tool);
        expect(r?.total, tool).toBe(counts.total);
        expect(r?.success ?? 0, tool).toBe(counts.success ?? 0);
      }
    });

    it('has every subagent with its type, launching call and real token totals', async () => {
      const routes = await query(home(), 'SELECT task_id, agent_name, routing_reason, run_in_background, launched_agent_id FROM fact_routing_decision WHERE session_id = $1 ORDER BY task_id', [sid]);
      expect(routes.length).toBe(gt.subagents.length);
      for (const sub of gt.subagents) {
        const r = routes.find((x) => x.task_id === sub.launched_by_tool_use_id);
        expect(r, sub.agent_key).toBeDefined();
        expect(r!.agent_name).toBe(sub.subagent_type);
        expect(r!.routing_reason).toBe(sub.description);
        expect(r!.run_in_background).toBe(sub.run_in_background);
        if (sub.observed_agent_id) expect(r!.launched_agent_id).toBe(sub.observed_agent_id);
        const [s] = await query(home(), 'SELECT * FROM fact_synthesis_result WHERE session_id = $1 AND task_id = $2', [sid, sub.launched_by_tool_use_id]);
        expect(s, `synthesis of ${sub.agent_key}`).toBeDefined();
        expect(s.agent_name).toBe(sub.subagent_type);
        expect(s.status).toBe(sub.observed_subagent_stop ? 'completed' : 'error');
        expect(s.tool_calls).toBe(sub.tool_calls);
        const t = sub.tokens;
        expect({ i: s.input_tokens, o: s.output_tokens, r: s.cache_read_tokens, w: s.cache_write_5m_tokens + s.cache_write_1h_tokens, n: s.api_calls }).toEqual({
          i: t.input_tokens,
          o: t.output_tokens,
          r: t.cache_read_input_tokens,
          w: t.cache_creation_input_tokens,
          n: t.api_calls,
        });
      }
    });

    it('has the tokens per model of the API, once per message', async () => {
      const rows = await query(
        home(),
        `SELECT model, sum(input_tokens) AS input_tokens, sum(output_tokens) AS output_tokens,
                sum(cache_write_5m_tokens + cache_write_1h_tokens) AS cache_creation_input_tokens,
                sum(cache_read_tokens) AS cache_read_input_tokens, sum(cache_write_5m_tokens) AS cache_creation_5m_input_tokens,
                sum(cache_write_1h_tokens) AS cache_creation_1h_input_tokens, count(*) AS api_calls
         FROM fact_api_call WHERE session_id = $1 GROUP BY model`,
        [sid],
      );
      const got = Object.fromEntries(rows.map((r) => [r.model, Object.fromEntries(TOKEN_KEYS.map((k) => [k, r[k]]))]));
      const want = Object.fromEntries(
        Object.entries(gt.tokens_by_model as Record<string, Record<string, number>>).map(([m, u]) => [m, Object.fromEntries(TOKEN_KEYS.map((k) => [k, u[k] ?? 0]))]),
      );
      expect(got).toEqual(want);
    });

    it('attributes tokens to the main thread and each subagent', async () => {
      const rows = await query(home(), `SELECT coalesce(agent_id, 'main') AS conv, sum(output_tokens) AS o, count(*) AS n FROM fact_api_call WHERE session_id = $1 GROUP BY 1`, [sid]);
      const keyOf = new Map<string, string>(gt.subagents.filter((s: any) => s.observed_agent_id).map((s: any) => [s.observed_agent_id, `agent:${s.agent_key}`]));
      const got: Record<string, { o: number; n: number }> = {};
      for (const r of rows) got[r.conv === 'main' ? 'main' : (keyOf.get(r.conv) ?? r.conv)] = { o: r.o, n: r.n };
      for (const [conv, u] of Object.entries(gt.tokens_by_conversation as Record<string, any>)) {
        if (!(conv in got) && !conv.startsWith('agent:')) continue;
        const key = conv in got ? conv : Object.keys(got).find((k) => k !== 'main' && !k.startsWith('agent:'));
        expect(got[key!], conv).toEqual({ o: u.output_tokens, n: u.api_calls });
      }
    });
  });
}
