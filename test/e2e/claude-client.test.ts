// End to end with the real client: Claude Code 2.1.330 (node_modules/.bin/claude) runs headless
// against our mock Messages API, with hooks installed by `agentdag hooks install --scope project`.
// The journal must hold every hook call of the run, checked against the fixture's ground truth
// (hook counts per event, tool_use_ids and outcomes), with no AGENTDAG_* in Claude Code's
// environment: the installed command has to carry AGENTDAG_HOME itself.
import * as fs from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { ensureBundled } from '../hooks/helpers';
import { CLAUDE, runClaude, runClaudeScenario, type ClaudeRun } from './run-claude';

const VERSION = '2.1.330';

function checkRun(run: ClaudeRun): void {
  const gt = run.groundTruth;
  expect(run.exitCode).toBe(gt.observed.exit_code);
  expect(run.hookErrors).toBe('');

  // The installed command: absolute node + hook, CA bundle blanked, AGENTDAG_HOME carried.
  const command: string = run.settings.hooks.PreToolUse.at(-1).hooks[0].command;
  expect(command).toMatch(/^NODE_EXTRA_CA_CERTS= AGENTDAG_HOME=\S+ \/\S+ \/\S+\/hooks\/run-hook\.js$/);

  // Every line a well-formed envelope, ids unique, one session.
  const ids = new Set<string>();
  for (const e of run.envelopes) {
    expect(e.v).toBe(1);
    expect(e.ts).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    expect(e.event).toBe(e.payload.hook_event_name);
    ids.add(e.id);
  }
  expect(ids.size).toBe(run.envelopes.length);
  const init = run.stream.find((m) => m.type === 'system' && m.subtype === 'init');
  expect(new Set(run.envelopes.map((e) => e.session_id))).toEqual(new Set([init?.session_id]));

  // Every hook call the run fires: the counts per event of the fixture captured with a hook on all 33 events.
  const counts: Record<string, number> = {};
  for (const e of run.envelopes) counts[e.event] = (counts[e.event] ?? 0) + 1;
  expect(counts).toEqual(gt.observed.hook_counts);

  // Tool calls: the scripted tool_use_ids, each with its outcome, in the right conversation.
  const byId = (event: string) => new Map(run.envelopes.filter((e) => e.event === event).map((e) => [e.payload.tool_use_id, e]));
  const pre = byId('PreToolUse');
  const post = byId('PostToolUse');
  const fail = byId('PostToolUseFailure');
  const agentIds = new Set(run.envelopes.filter((e) => e.event === 'SubagentStart').map((e) => e.agent_id));
  expect(new Set(pre.keys())).toEqual(new Set(gt.tool_calls.map((t: any) => t.tool_use_id)));
  for (const t of gt.tool_calls) {
    const p = pre.get(t.tool_use_id)!;
    expect(p.payload.tool_name).toBe(t.tool_name);
    const outcome = post.has(t.tool_use_id) ? 'success' : fail.has(t.tool_use_id) ? 'error' : 'none';
    expect(outcome, `${t.tool_name} ${t.tool_use_id}`).toBe(t.expected_outcome);
    if (t.conversation === 'main') expect(p.agent_id).toBe(null);
    else expect(agentIds.has(p.agent_id), `${t.tool_use_id} ran in a started subagent`).toBe(true);
  }
  expect(agentIds.size).toBe(gt.subagents.length);

  // The mock served exactly the scripted turns: no turn missing, none past the script.
  const served = (conv: string, key: string | null) => run.served.filter((s) => s.conv === conv && s.key === key && s.status === 200).map((s) => s.turn).sort();
  expect(served('main', null)).toEqual(run.scenario.main.turns.map((_, i) => i));
  for (const [key, agent] of Object.entries(run.scenario.agents ?? {})) expect(served('agent', key)).toEqual(agent.turns.map((_, i) => i));
}

describe.skipIf(!fs.existsSync(CLAUDE))(`real Claude Code ${VERSION} → hook → journal`, () => {
  beforeAll(() => ensureBundled()); // dist/hooks/run-hook.js, the entry install registers
  for (const name of ['a-basic-tools', 'b-one-subagent', 'c-parallel-subagents']) {
    it(`${name}: every hook call lands in the journal (default install: Claude Code waits for every hook)`, async () => {
      checkRun(await runClaudeScenario(VERSION, name));
    });
  }

  it('SessionStart exports AGENTDAG_SESSION_ID to the Bash commands of the session (CLAUDE_ENV_FILE)', async () => {
    const scenario = {
      name: 'env-export',
      prompt: 'Scenario env: print the agentdag session id.',
      model: 'claude-sonnet-4-5',
      main: {
        turns: [
          { usage: { input_tokens: 3, output_tokens: 20 }, content: [{ type: 'tool_use', name: 'Bash', input: { command: 'printf "%s|%s" "$AGENTDAG_SESSION_ID" "$AGENTDAG_HOME"', description: 'Print the session' } }] },
          { usage: { input_tokens: 3, output_tokens: 5 }, content: [{ type: 'text', text: 'Done.' }] },
        ],
      },
    };
    const run = await runClaude(scenario, {});
    expect(run.exitCode).toBe(0);
    const bash = run.envelopes.find((e) => e.event === 'PostToolUse' && e.payload.tool_name === 'Bash');
    const home = /AGENTDAG_HOME=(\S+)/.exec(run.settings.hooks.PreToolUse.at(-1).hooks[0].command)![1];
    expect(bash?.payload.tool_response.stdout).toBe(`${bash?.session_id}|${home}`);
  });

  it('the default install has Claude Code wait for every hook (no async entry)', async () => {
    const run = await runClaudeScenario(VERSION, 'a-basic-tools');
    for (const [event, groups] of Object.entries(run.settings.hooks as Record<string, { hooks: { async?: boolean }[] }[]>)) {
      expect(groups.at(-1)!.hooks[0].async, event).toBeUndefined();
    }
    checkRun(run);
  });
});
