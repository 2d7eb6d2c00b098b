// A scripted mock of the Anthropic Messages API on 127.0.0.1, for driving the real Claude Code CLI.
// Scenario format: data/samples/claude-code/<version>/<scenario>/scenario.json (the cc-harness
// scripts the fixtures were captured with).
//
// Routing of POST /v1/messages:
//   - subagent: the first user message carries "[agent:KEY]" (the scenario puts it in the Agent
//     tool's prompt, which Claude Code passes verbatim); reply = agents[KEY].turns[N];
//   - main: the request offers tools and its first user message holds the scenario prompt, and it
//     starts the conversation, continues it with tool results, or brings a <task-notification>;
//   - anything else (title, compaction summary…) is a "side" request answered with a short text.
// N = number of assistant messages already in the request, so parallel subagents are answered
// deterministically whatever order their requests arrive in.
import * as crypto from 'node:crypto';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';

interface Block {
  type: string;
  text?: string;
  name?: string;
  id?: string;
  input?: unknown;
}
interface Turn {
  content?: Block[];
  usage?: Record<string, number>;
  model?: string;
  stop_reason?: string;
  delay_ms?: number;
  error?: { status: number; type?: string; message?: string; times?: number };
}
export interface Scenario {
  name: string;
  prompt: string;
  model?: string;
  main: { match?: string; turns: Turn[] };
  agents?: Record<string, { model?: string; turns: Turn[] }>;
  [k: string]: unknown;
}

export interface ServedRequest {
  conv: 'main' | 'agent' | 'side';
  key: string | null;
  turn: number;
  status: number;
}

const AGENT_MARKER = /\[agent:([A-Za-z0-9_.-]+)\]/;
const B62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

/**
 * Give each scripted tool_use the id the fixtures were captured with: "toolu_01" + 22 base-62
 * characters of sha256(name|conv|key|turn|block). Ground truth joins on these ids.
 */
export function assignToolUseIds(s: Scenario): void {
  const convs: [string, string, Turn[]][] = [['main', '', s.main.turns]];
  for (const [k, a] of Object.entries(s.agents ?? {})) convs.push(['agent', k, a.turns]);
  for (const [conv, key, turns] of convs)
    turns.forEach((turn, ti) =>
      (turn.content ?? []).forEach((b, bi) => {
        if (b.type !== 'tool_use' || b.id) return;
        const h = crypto.createHash('sha256').update([s.name, conv, key, ti, bi].join('|')).digest();
        let id = '';
        for (let i = 0; id.length < 22; i++) id += B62[h[i % h.length] % 62];
        b.id = 'toolu_01' + id;
      }),
    );
}

function textOf(content: unknown): string {
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return '';
  return content
    .map((b) => (b?.type === 'text' ? b.text ?? '' : b?.type === 'tool_result' ? textOf(b.content) : ''))
    .join('\n');
}

function randomId(prefix: string): string {
  return prefix + crypto.randomBytes(12).toString('hex');
}

function classify(s: Scenario, body: any): { conv: 'main' | 'agent' | 'side'; key: string | null; turn: number } {
  const messages: any[] = (Array.isArray(body.messages) ? body.messages : []).filter((m: any) => m.role === 'user' || m.role === 'assistant');
  const first = textOf(messages.find((m) => m.role === 'user')?.content);
  const turn = messages.filter((m) => m.role === 'assistant').length;
  const last = messages[messages.length - 1];
  const lastText = last?.role === 'user' ? textOf(last.content) : '';
  const endsWithToolResult = Array.isArray(last?.content) && last.content.some((b: any) => b?.type === 'tool_result');
  if (/create a detailed summary of the conversation/i.test(lastText)) return { conv: 'side', key: null, turn };
  const marker = AGENT_MARKER.exec(first);
  const match = s.main.match ?? s.prompt;
  let conv: 'main' | 'agent' | 'side' = 'side';
  let key: string | null = null;
  if (marker && s.agents?.[marker[1]]) [conv, key] = ['agent', marker[1]];
  else if (Array.isArray(body.tools) && body.tools.length && first.includes(match)) conv = 'main';
  const continues = turn === 0 || endsWithToolResult || lastText.includes(match) || lastText.includes('<task-notification>');
  if (conv !== 'side' && !continues) return { conv: 'side', key: null, turn };
  return { conv, key, turn };
}

function sse(res: http.ServerResponse, event: string, data: unknown): void {
  res.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
}

function usageOf(u: Record<string, number> = {}) {
  const cc = u.cache_creation_input_tokens ?? 0;
  return {
    input_tokens: u.input_tokens ?? 0,
    output_tokens: u.output_tokens ?? 0,
    cache_creation_input_tokens: cc,
    cache_read_input_tokens: u.cache_read_input_tokens ?? 0,
    cache_creation: { ephemeral_5m_input_tokens: cc, ephemeral_1h_input_tokens: 0 },
  };
}

/** Stream one message the way the API does: message_start, block start/delta/stop, message_delta, message_stop. */
function stream(res: http.ServerResponse, msg: any): void {
  res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', 'request-id': randomId('req_') });
  sse(res, 'message_start', { type: 'message_start', message: { ...msg, content: [], stop_reason: null, usage: { ...msg.usage, output_tokens: 1 } } });
  msg.content.forEach((b: any, index: number) => {
    if (b.type === 'text') {
      sse(res, 'content_block_start', { type: 'content_block_start', index, content_block: { type: 'text', text: '' } });
      for (const part of b.text.match(/[\s\S]{1,40}/g) ?? ['']) sse(res, 'content_block_delta', { type: 'content_block_delta', index, delta: { type: 'text_delta', text: part } });
    } else {
      sse(res, 'content_block_start', { type: 'content_block_start', index, content_block: { type: 'tool_use', id: b.id, name: b.name, input: {} } });
      for (const part of JSON.stringify(b.input).match(/[\s\S]{1,32}/g) ?? [''])
        sse(res, 'content_block_delta', { type: 'content_block_delta', index, delta: { type: 'input_json_delta', partial_json: part } });
    }
    sse(res, 'content_block_stop', { type: 'content_block_stop', index });
  });
  sse(res, 'message_delta', { type: 'message_delta', delta: { stop_reason: msg.stop_reason, stop_sequence: null }, usage: msg.usage });
  sse(res, 'message_stop', { type: 'message_stop' });
  res.end();
}

function json(res: http.ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text), 'request-id': randomId('req_') });
  res.end(text);
}

export interface MockApi {
  url: string;
  served: ServedRequest[];
  close(): Promise<void>;
}

export async function startMockApi(scenario: Scenario): Promise<MockApi> {
  assignToolUseIds(scenario);
  const served: ServedRequest[] = [];
  const attempts = new Map<string, number>();
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', async () => {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      if (req.method === 'POST' && url.pathname === '/v1/messages') {
        const body = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}');
        const c = classify(scenario, body);
        const script = c.conv === 'main' ? scenario.main.turns : c.conv === 'agent' ? scenario.agents![c.key!].turns : [];
        const turn: Turn = script[c.turn] ?? { content: [{ type: 'text', text: c.conv === 'side' ? 'OK' : 'Done.' }], usage: { input_tokens: 1, output_tokens: 1 } };
        const k = `${c.conv}:${c.key}:${c.turn}`;
        const attempt = (attempts.get(k) ?? 0) + 1;
        attempts.set(k, attempt);
        if (turn.error && attempt <= (turn.error.times ?? 1)) {
          served.push({ ...c, status: turn.error.status });
          return json(res, turn.error.status, { type: 'error', error: { type: turn.error.type ?? 'api_error', message: turn.error.message ?? 'Scripted error' } });
        }
        if (turn.delay_ms) await new Promise((r) => setTimeout(r, turn.delay_ms));
        const content = (turn.content ?? []).filter((b) => b.type === 'text' || b.type === 'tool_use').map((b) => (b.type === 'text' ? { type: 'text', text: b.text } : { type: 'tool_use', id: b.id, name: b.name, input: b.input ?? {} }));
        const msg = {
          id: randomId('msg_01'),
          type: 'message',
          role: 'assistant',
          model: turn.model ?? (c.conv === 'agent' ? scenario.agents![c.key!].model : undefined) ?? body.model ?? 'claude-sonnet-4-5',
          content,
          stop_reason: turn.stop_reason ?? (content.some((b) => b.type === 'tool_use') ? 'tool_use' : 'end_turn'),
          stop_sequence: null,
          usage: usageOf(turn.usage),
        };
        served.push({ ...c, status: 200 });
        return body.stream ? stream(res, msg) : json(res, 200, msg);
      }
      if (req.method === 'POST' && url.pathname === '/v1/messages/count_tokens') return json(res, 200, { input_tokens: 100 });
      if (url.pathname === '/' || url.pathname === '/health') return json(res, 200, { ok: true });
      if (req.method === 'GET' && url.pathname === '/v1/models') return json(res, 200, { data: [{ type: 'model', id: 'claude-sonnet-4-5', display_name: 'claude-sonnet-4-5' }], has_more: false });
      json(res, 404, { type: 'error', error: { type: 'not_found_error', message: `mock: no route for ${req.method} ${url.pathname}` } });
    });
  });
  server.keepAliveTimeout = 1000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    served,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
