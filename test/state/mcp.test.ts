// `agentdag mcp` with the MCP SDK's own client over stdio: it lists the tools and calls them,
// and the calls change the same SQLite file the CLI sees.
import * as path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cli, cliOk, ROOT, storeEnv, tempHome } from './helpers';

let client: { callTool: (req: { name: string; arguments: Record<string, unknown> }) => Promise<unknown>; listTools: () => Promise<{ tools: { name: string; inputSchema: { required?: string[]; properties?: Record<string, unknown> } }[] }>; close: () => Promise<void> };
let home: string;

beforeEach(async () => {
  home = tempHome();
  const { Client } = await import('@modelcontextprotocol/sdk/client/index.js');
  const { StdioClientTransport } = await import('@modelcontextprotocol/sdk/client/stdio.js');
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: [path.join(ROOT, 'dist/cli/index.js'), 'mcp'],
    env: { ...(process.env as Record<string, string>), AGENTDAG_HOME: home, AGENTDAG_SESSION_ID: 'session-mcp-1', ...storeEnv(home) },
    stderr: 'pipe',
  });
  const c = new Client({ name: 'agentdag-test', version: '1.0.0' });
  await c.connect(transport);
  client = c;
});

afterEach(async () => {
  await client.close();
});

async function call(name: string, args: Record<string, unknown> = {}) {
  const r = (await client.callTool({ name, arguments: args })) as { isError?: boolean; content: { type: string; text: string }[] };
  return { isError: !!r.isError, text: r.content[0].text, json: r.isError ? null : JSON.parse(r.content[0].text) };
}

describe('agentdag mcp', () => {
  it('lists the porcelain and plan-adaptation tools with input schemas', async () => {
    const { tools } = await client.listTools();
    const names = tools.map((t) => t.name).sort();
    for (const n of ['task_go', 'task_done', 'task_add', 'task_list', 'task_show', 'task_status', 'task_insert', 'task_amend', 'task_pivot', 'task_split', 'task_decompose', 'task_replan', 'task_cancel', 'task_dep_add', 'task_heartbeat']) {
      expect(names).toContain(n);
    }
    const done = tools.find((t) => t.name === 'task_done')!;
    expect(done.inputSchema.required).toEqual(['id']);
  });

  it('add → go (with handoff) → done through tools; the CLI sees the same graph', async () => {
    const design = (await call('task_add', { title: 'Design API', priority: 1 })).json;
    const impl = (await call('task_add', { title: 'Implement API', feeds_from: [design.id] })).json;
    expect(impl.status).toBe('pending');
    const go1 = (await call('task_go')).json;
    expect(go1.task.id).toBe(design.id);
    expect(go1.task.agent_id).toBe('session-mcp-1');
    expect(go1.task.session_id).toBe('session-mcp-1');
    const done = (await call('task_done', { id: design.id.slice(0, 6), result: { schema: 'users(id)' } })).json;
    expect(done.result.promoted).toEqual([impl.id]);
    const go2 = (await call('task_go', { agent: 'builder' })).json;
    expect(go2.task.id).toBe(impl.id);
    expect(go2.handoff).toEqual([expect.objectContaining({ from: design.id, result: { schema: 'users(id)' }, agent: 'session-mcp-1' })]);
    const status = (await call('task_status')).json;
    expect(status.counts.done).toBe(1);
    expect(status.agents.map((a: { agent_id: string }) => a.agent_id)).toEqual(['builder']);
    const viaCli = cliOk(home, ['task', 'show', impl.id, '--json']);
    expect(viaCli.task.status).toBe('running');
  });

  it('plan adaptation with what_if changes nothing; errors come back as tool errors naming the fix', async () => {
    const root = (await call('task_add', { title: 'tests' })).json;
    const dec = (await call('task_decompose', { id: root.id, spec: 'tasks:\n  - title: unit\n  - title: e2e\n' })).json;
    expect(dec.result.created.length).toBe(2);
    const preview = (await call('task_replan', { id: root.id, spec: ['smoke'], what_if: true })).json;
    expect(preview.what_if).toBe(true);
    expect(preview.report.cancelled.length).toBe(2);
    const list = (await call('task_list', { parent: root.id })).json;
    expect(list.map((t: { status: string }) => t.status)).toEqual(['ready', 'ready']);
    const pivot = (await call('task_pivot', { id: list[0].id, titles: ['unit, take two'] })).json;
    expect(pivot.result.cancelled).toEqual([list[0].id]);
    const amend = (await call('task_amend', { id: list[1].id, text: 'use the staging URL' })).json;
    expect(amend.result.description).toMatch(/use the staging URL/);
    const ins = (await call('task_insert', { title: 'lint', before: list[1].id })).json;
    expect(ins.result.task.title).toBe('lint');
    const split = (await call('task_split', { id: ins.result.task.id, titles: ['eslint', 'tsc'], chain: true })).json;
    expect(split.result.created.length).toBe(2);
    const bad = await call('task_done', { id: 'zzzzzzzz' });
    expect(bad.isError).toBe(true);
    expect(bad.text).toMatch(/fix:/);
    const cyc = await call('task_dep_add', { from: list[1].id, to: ins.result.task.id });
    expect(cyc.isError).toBe(true);
    expect(cyc.text).toMatch(/cycle/);
  });

  it('a refusal over MCP names the fix as a task_… tool call, never as an agentdag command; the CLI names the command', async () => {
    const a = (await call('task_add', { title: 'held work' })).json;
    await call('task_go', { agent: 'owner' });
    const refused = await call('task_done', { id: a.id, agent: 'intruder' });
    expect(refused.isError).toBe(true);
    expect(refused.text).toContain(`task_done {"id":"${a.id}","force":true}`);
    expect(refused.text).not.toMatch(/agentdag task/);
    const { tools } = await client.listTools();
    for (const m of refused.text.matchAll(/\b(task_[a-z_]+) \{/g)) expect(tools.map((t) => t.name)).toContain(m[1]);
    const viaCli = cli(home, ['task', 'done', a.id, '--agent', 'intruder']);
    expect(viaCli.code).toBe(1);
    expect(viaCli.stderr).toContain(`agentdag task done ${a.id} --force`);
  });
});
