// The facts beyond tool calls and tokens, on real fixture runs (2.1.330) plus one synthetic session
// of Bash checks: fan-outs, verifications, pruning and session events.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { allFixtures, ingest, query, stageFixture, tempHome } from './fixture-pipeline';

const RUNS = ['a-basic-tools', 'c-parallel-subagents', 'e-tool-failures', 'e2-api-errors', 'f-task-tools', 'g-sdk-mode'];
const fixtures = allFixtures().filter((f) => f.version === '2.1.330' && RUNS.includes(f.scenario));
const gt = (scenario: string) => JSON.parse(fs.readFileSync(path.join(fixtures.find((f) => f.scenario === scenario)!.dir, 'ground-truth.json'), 'utf8'));
const CHECKS_SESSION = 'synthetic-checks-session';
let home: string;

/** A Bash call as the hooks report it: Pre, then Post or PostToolUseFailure (or nothing: denied), then the batch. */
function bashCall(n: number, command: string, outcome: 'ok' | 'fail' | 'denied'): object[] {
  const base = { session_id: CHECKS_SESSION, prompt_id: 'prompt-1', tool_name: 'Bash', tool_use_id: `toolu_check_${n}`, tool_input: { command } };
  const ts = (ms: number) => new Date(Date.UTC(2026, 10, 22, 12, 0, n, ms)).toISOString();
  const env = (event: string, ms: number, payload: object) => ({ v: 1, id: `check-${n}-${event}`, ts: ts(ms), host: 'h', event, session_id: CHECKS_SESSION, agent_id: null, agent_type: null, payload: { ...payload, hook_event_name: event } });
  const out = [env('PreToolUse', 0, base)];
  if (outcome === 'ok') out.push(env('PostToolUse', 100, { ...base, tool_response: { stdout: 'ok' }, duration_ms: 90 }));
  if (outcome === 'fail') out.push(env('PostToolUseFailure', 100, { ...base, error: 'Exit code 1\nfailed', is_interrupt: false, duration_ms: 90 }));
  const text = outcome === 'denied' ? 'Permission to use Bash has been denied.' : 'done';
  out.push(env('PostToolBatch', 200, { session_id: CHECKS_SESSION, tool_calls: [{ tool_name: 'Bash', tool_use_id: base.tool_use_id, tool_input: base.tool_input, tool_response: text }] }));
  return out;
}

beforeAll(async () => {
  home = tempHome('agentdag-facts-');
  for (const fx of fixtures) stageFixture(fx, home);
  const lines = [
    ...bashCall(1, 'npm test', 'ok'),
    ...bashCall(2, 'npx tsc --noEmit', 'fail'),
    ...bashCall(3, 'eslint src', 'ok'),
    ...bashCall(4, 'ls -la', 'ok'),
    ...bashCall(5, 'pytest -q', 'denied'),
    ...bashCall(6, 'cd web && pnpm run lint', 'fail'),
  ];
  fs.appendFileSync(path.join(home, 'journal.jsonl'), lines.map((l) => JSON.stringify(l)).join('\n') + '\n');
  await ingest(home);
}, 300_000);

describe('facts', () => {
  it('fact_verification: test, lint and type-check commands (passed = exit 0), and completed tasks', async () => {
    const rows = await query(home, `SELECT verification_type, passed, details->>'command' AS command FROM fact_verification WHERE session_id = $1 ORDER BY verified_at`, [CHECKS_SESSION]);
    expect(rows).toEqual([
      { verification_type: 'test_run', passed: true, command: 'npm test' },
      { verification_type: 'type_check', passed: false, command: 'npx tsc --noEmit' },
      { verification_type: 'lint', passed: true, command: 'eslint src' },
      { verification_type: 'lint', passed: false, command: 'cd web && pnpm run lint' },
    ]);
    const f = gt('f-task-tools');
    const [{ n }] = await query(home, `SELECT count(*) AS n FROM fact_verification WHERE session_id = $1 AND verification_type = 'task_completed' AND passed`, [f.session_id]);
    expect(n).toBe(f.tasks_completed.length);
  });

  it('fact_task_decomposition: a TaskCreate batch and a parallel Agent fan-out', async () => {
    const f = gt('f-task-tools');
    const tasks = await query(home, `SELECT child_task, subtask_count, strategy, decomposition_depth FROM fact_task_decomposition WHERE session_id = $1 AND fan_out_kind = 'task_create' ORDER BY decomposed_at`, [f.session_id]);
    expect(tasks.map((t) => t.child_task)).toEqual(f.tasks_created.map((t: any) => t.subject));
    for (const t of tasks) expect(t).toMatchObject({ subtask_count: f.tasks_created.length, strategy: 'parallel', decomposition_depth: 1 });
    const c = gt('c-parallel-subagents');
    const agents = await query(home, `SELECT child_task, subtask_count, strategy FROM fact_task_decomposition WHERE session_id = $1 AND fan_out_kind = 'agent_launch'`, [c.session_id]);
    expect(agents.map((a) => a.child_task).sort()).toEqual(c.subagents.map((s: any) => s.launched_by_tool_use_id).sort());
    for (const a of agents) expect(a).toMatchObject({ subtask_count: 3, strategy: 'parallel' });
    const a = gt('a-basic-tools');
    const todos = await query(home, `SELECT count(*) AS n FROM fact_task_decomposition WHERE session_id = $1 AND fan_out_kind = 'todo_write'`, [a.session_id]);
    expect(todos[0].n).toBeGreaterThan(0);
  });

  it('fact_pruning_event: denied, blocked, timed-out and failed calls; API errors; a failed subagent', async () => {
    const e = gt('e-tool-failures');
    const reasons = await query(home, `SELECT pruning_reason, tool_use_id FROM fact_pruning_event WHERE session_id = $1`, [e.session_id]);
    const byId = Object.fromEntries(reasons.map((r) => [r.tool_use_id, r.pruning_reason]));
    const want: Record<string, string> = { denied: 'permission_rule', blocked_by_hook: 'blocked_by_hook', validation_error: 'tool_error', error: 'timeout' };
    for (const t of e.tool_calls.filter((t: any) => t.observed_outcome !== 'success')) {
      expect(byId[t.tool_use_id], t.note).toBe(t.note?.includes('cannot ask') ? 'not_granted' : want[t.observed_outcome]);
    }
    const e2 = gt('e2-api-errors');
    const kinds = await query(home, `SELECT pruned_kind, pruning_reason FROM fact_pruning_event WHERE session_id = $1 ORDER BY 1, 2`, [e2.session_id]);
    expect(kinds).toContainEqual({ pruned_kind: 'turn', pruning_reason: 'api_error' });
    expect(kinds).toContainEqual({ pruned_kind: 'subagent', pruning_reason: 'subagent_error' });
  });

  it('fact_session_event: start, stop, end, compaction, failure as the hooks fired them', async () => {
    for (const scenario of ['g-sdk-mode', 'e2-api-errors']) {
      const g = gt(scenario);
      const rows = await query(home, `SELECT event_type, count(*) AS n FROM fact_session_event WHERE session_id = $1 GROUP BY 1`, [g.session_id]);
      const got = Object.fromEntries(rows.map((r) => [r.event_type, r.n]));
      const h = g.observed.hook_counts;
      const compactStarts = scenario === 'g-sdk-mode' ? 1 : 0;
      expect(got).toEqual(
        Object.fromEntries(
          Object.entries({
            start: (h.SessionStart ?? 0) - compactStarts,
            stop: h.Stop ?? 0,
            end: h.SessionEnd ?? 0,
            compaction: (h.PreCompact ?? 0) + (h.PostCompact ?? 0) + compactStarts,
            failure: h.StopFailure ?? 0,
          }).filter(([, n]) => n > 0),
        ),
      );
    }
  });
});
