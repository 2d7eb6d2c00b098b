// The MCP server at its edge, as raw JSON-RPC over a real process's stdio: malformed lines and
// messages over the size limit get JSON-RPC errors and the server keeps serving (it used to exit
// silently); wrong-typed arguments get tool errors naming the field; each connection is its own
// agent (client name + connection id), with the Claude Code session when known.
import { ChildProcess, spawn } from 'node:child_process';
import * as readline from 'node:readline';
import { afterEach, describe, expect, it } from 'vitest';
import { CLI, cliOk, storeEnv, tempHome } from './helpers';

interface Server {
  proc: ChildProcess;
  send(line: string): void;
  next(): Promise<any>; // eslint-disable-line @typescript-eslint/no-explicit-any
  call(method: string, params?: unknown): Promise<any>; // eslint-disable-line @typescript-eslint/no-explicit-any
}

const running: ChildProcess[] = [];
afterEach(() => {
  for (const p of running.splice(0)) p.kill();
});

async function start(home: string, clientName: string, env: Record<string, string> = {}): Promise<Server> {
  const proc = spawn(process.execPath, [CLI, 'mcp'], { env: { ...process.env, AGENTDAG_HOME: home, AGENTDAG_SESSION_ID: '', ...storeEnv(home), ...env }, stdio: ['pipe', 'pipe', 'pipe'] });
  running.push(proc);
  const lines: string[] = [];
  const waiting: ((l: string) => void)[] = [];
  readline.createInterface({ input: proc.stdout! }).on('line', (l) => (waiting.length ? waiting.shift()!(l) : lines.push(l)));
  const next = () => new Promise<string>((resolve) => (lines.length ? resolve(lines.shift()!) : waiting.push(resolve))).then((l) => JSON.parse(l));
  let id = 0;
  const s: Server = {
    proc,
    send: (line) => proc.stdin!.write(line + '\n'),
    next,
    call: async (method, params) => {
      s.send(JSON.stringify({ jsonrpc: '2.0', id: ++id, method, params }));
      return next();
    },
  };
  await s.call('initialize', { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: clientName, version: '1.0' } });
  s.send(JSON.stringify({ jsonrpc: '2.0', method: 'notifications/initialized' }));
  return s;
}

const tool = async (s: Server, name: string, args: unknown) => (await s.call('tools/call', { name, arguments: args })).result as { isError?: boolean; content: { text: string }[] };

describe('MCP edge', () => {
  it('malformed JSON, non-JSON-RPC and oversized messages get JSON-RPC errors; the server keeps serving', async () => {
    const s = await start(tempHome(), 'edge-client');
    s.send('{"jsonrpc": "2.0", "id": 7, "method": ');
    expect(await s.next()).toEqual({ jsonrpc: '2.0', id: null, error: { code: -32700, message: expect.stringMatching(/^parse error/) } });
    s.send(JSON.stringify({ id: 8, hello: 'world' }));
    expect(await s.next()).toEqual({ jsonrpc: '2.0', id: 8, error: { code: -32600, message: expect.stringMatching(/^invalid request/) } });
    // 11 MiB in one message (the SDK's transport closed at 10 MiB and the server exited 0).
    s.send(JSON.stringify({ jsonrpc: '2.0', id: 9, method: 'tools/call', params: { name: 'task_add', arguments: { title: 'x'.repeat(11 * 1024 * 1024) } } }));
    expect(await s.next()).toEqual({ jsonrpc: '2.0', id: 9, error: { code: -32600, message: expect.stringMatching(/^message too large: \d+ bytes; the limit is 8388608 bytes/) } });
    const listed = await s.call('tools/list');
    expect(listed.result.tools.length).toBeGreaterThan(15);
    expect(s.proc.exitCode).toBeNull();
  });

  it('wrong-typed and out-of-range arguments are tool errors naming the field and a valid value', async () => {
    const s = await start(tempHome(), 'edge-client');
    const cases: [string, Record<string, unknown>, RegExp, string][] = [
      ['task_add', { title: 'x', priority: 'high' }, /^priority must be a whole number, got string "high" \(argument: priority\)/, '"priority": 2'],
      ['task_add', { title: 'x', priority: 3_000_000_000 }, /^priority must be from -1000000 to 1000000, got 3000000000/, '"priority": 2'],
      ['task_add', { title: 42 }, /^title must be a string, got integer/, '"title": "Write the parser"'],
      ['task_add', { title: 'x', tags: 'abc' }, /^tags must be an array of strings, got string "abc"/, '"tags": "backend"'],
      ['task_add', { title: 'x', colour: 'red' }, /^task_add has no argument "colour"/, 'its arguments: title'],
      ['task_done', {}, /^id is required/, '"id": "t-3k9x2m7q"'],
      ['task_progress', { id: 't-x', percent: 140 }, /^percent must be from 0 to 100, got 140/, '"percent": 40'],
    ];
    for (const [name, args, message, fix] of cases) {
      const r = await tool(s, name, args);
      expect(r.isError, `${name} ${JSON.stringify(args)}`).toBe(true);
      expect(r.content[0].text).toMatch(message);
      expect(r.content[0].text).toContain(fix);
      expect(r.content[0].text).not.toMatch(/internal error|is not a function/);
    }
    const list = JSON.parse((await tool(s, 'task_list', { all: true })).content[0].text);
    expect(list).toEqual([]); // nothing got in
  });

  it('each connection is its own agent (client name + connection id); a session is recorded when known', async () => {
    const home = tempHome();
    for (const t of ['one', 'two', 'three']) cliOk(home, ['task', 'add', t]);
    const a = await start(home, 'claude-code');
    const b = await start(home, 'claude-code');
    const ta = JSON.parse((await tool(a, 'task_go', {})).content[0].text).task;
    const tb = JSON.parse((await tool(b, 'task_go', {})).content[0].text).task;
    expect(ta.agent_id).toMatch(/^claude-code#[\w-]{6}$/);
    expect(tb.agent_id).toMatch(/^claude-code#[\w-]{6}$/);
    expect(ta.agent_id).not.toBe(tb.agent_id);
    // The same connection keeps its identity: it may heartbeat what it claimed; the other may not.
    expect((await tool(a, 'task_heartbeat', { id: ta.id })).isError).toBeFalsy();
    expect((await tool(b, 'task_heartbeat', { id: ta.id })).content[0].text).toMatch(new RegExp(`by ${ta.agent_id.replace('#', '\\#')}`));
    const c = await start(home, 'claude-code', { AGENTDAG_SESSION_ID: 'sess-77' });
    const tc = JSON.parse((await tool(c, 'task_go', {})).content[0].text).task;
    expect(tc.agent_id).toBe('sess-77');
    expect(tc.session_id).toBe('sess-77');
    const named = await tool(b, 'task_done', { id: tb.id, session: 'sess-88', result: { ok: true } });
    expect(tb.session_id).toBeNull();
    expect(JSON.parse(named.content[0].text).result.task.session_id).toBe('sess-88');
  });
});
