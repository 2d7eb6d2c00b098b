// The secrets corpus through every door, as processes (README, Reliability): the real hook, a
// journal from another machine (--journal) and one dropped in the inbox (written by no hook of
// ours, so unredacted), damaged journal lines (rejects), a Claude Code transcript, the task graph
// through the CLI and through MCP, then `agentdag ingest`, the serve API and its SSE stream, and
// `agentdag export --parquet`. Each door carries its own harmless marker, which must be found on
// its own surface (so each search is known to see the data) while no secret is found anywhere:
// not on any surface, not in any table of the warehouse, not in any file of the data dir.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONTROL_MARKER, CORPUS, STRUCTURED_CORPUS } from '../fixtures/secrets-corpus';
import { CLI, HOOK, ROOT } from '../paths';
import { get, openSse, serve, tempHome, type Served } from '../serve/helpers';

const RUN = path.join(ROOT, 'data', 'samples', 'claude-code', '2.1.330', 'a-basic-tools');
const DOORS = ['hook', 'journal-flag', 'inbox', 'rejects', 'transcripts', 'task-cli', 'task-mcp', 'serve-api', 'sse', 'parquet'] as const;
type Door = (typeof DOORS)[number];
const marker = (door: Door) => `${CONTROL_MARKER}-${door}`;
const planted = (door: Door) => [marker(door), ...CORPUS.map((c) => c.text)].join('\n');
const SECRETS = [...CORPUS.map((c) => c.secret), ...STRUCTURED_CORPUS.flatMap((c) => c.secrets)];
/** The structured corpus as one tool response: a key over sibling strings, a secret as a key. */
const structured = () => Object.assign({}, ...STRUCTURED_CORPUS.map((c) => c.value));

let home: string;
const surfaces = new Map<Door, string>();
let srv: Served | undefined;

function env(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const e: NodeJS.ProcessEnv = { ...process.env, AGENTDAG_HOME: home, CLAUDE_CONFIG_DIR: path.join(home, 'claude'), NO_COLOR: '1', ...extra };
  delete e.NODE_EXTRA_CA_CERTS;
  delete e.AGENTDAG_SESSION_ID;
  return e;
}
function cli(args: string[], extra: Record<string, string> = {}) {
  const r = spawnSync(process.execPath, [CLI, ...args], { env: env(extra), encoding: 'utf8', maxBuffer: 256 << 20 });
  if (r.status !== 0) throw new Error(`agentdag ${args.join(' ')} exited ${r.status}: ${r.stderr}`);
  return r.stdout;
}

/** Every row of every table in the published warehouse as text, optionally only those matching `where`. */
async function warehouseText(sql: string[] | null = null): Promise<string> {
  const instance = await DuckDBInstance.create(path.join(home, 'warehouse.duckdb'), { access_mode: 'READ_ONLY' });
  const conn = await instance.connect();
  try {
    const queries = sql ?? (await conn.runAndReadAll("SELECT table_name FROM duckdb_tables() WHERE schema_name = 'main'")).getRowObjectsJS().map((t) => `SELECT * FROM "${t.table_name}"`);
    const out: string[] = [];
    for (const q of queries) {
      const r = await conn.runAndReadAll(`SELECT CAST(t AS VARCHAR) AS row FROM (${q}) t`);
      for (const row of r.getRowObjectsJS()) out.push(String(row.row));
    }
    return out.join('\n');
  } finally {
    conn.closeSync();
    instance.closeSync();
  }
}

/** Every file under the data dir that is not a DuckDB file (searched through SQL instead), as text. */
function dataDirFiles(): string {
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) {
        if (p !== path.join(home, 'claude') && p !== path.join(home, 'outside')) walk(p);
      } else if (e.isFile() && !/\.duckdb(\.wal)?$/.test(e.name)) out.push(fs.readFileSync(p).toString('latin1'));
    }
  };
  walk(home);
  return out.join('\n');
}

/** A journal line as a hook on another machine, with no redaction of ours, would have written it. */
function foreignEnvelope(id: string, payload: Record<string, unknown>): string {
  return JSON.stringify({ v: 1, id, ts: '2026-11-22T11:05:00.000Z', host: 'laptop', event: payload.hook_event_name, session_id: 'foreign-session', agent_id: null, agent_type: null, payload }) + '\n';
}

beforeAll(async () => {
  home = tempHome('agentdag-secret-doors-');
  const projects = path.join(home, 'claude', 'projects', '-home-dev-project');
  fs.mkdirSync(projects, { recursive: true });

  // Transcripts: the real one, plus the corpus in a prompt, in an assistant text and as an Edit's result.
  const src = fs.readdirSync(path.join(RUN, 'transcripts', '-home-dev-project'))[0];
  const transcript = path.join(projects, src);
  const lines = fs.readFileSync(path.join(RUN, 'transcripts', '-home-dev-project', src), 'utf8').trimEnd().split('\n');
  const first = JSON.parse(lines[0]);
  const text = planted('transcripts');
  lines.push(JSON.stringify({ type: 'user', sessionId: first.sessionId, timestamp: first.timestamp, uuid: 'u-planted', message: { role: 'user', content: text } }));
  lines.push(JSON.stringify({ type: 'assistant', sessionId: first.sessionId, timestamp: first.timestamp, uuid: 'a-planted', requestId: 'req_planted', message: { id: 'msg_planted', model: 'claude-sonnet-4-5', role: 'assistant', content: [{ type: 'text', text }], usage: { input_tokens: 1, output_tokens: 1 } } }));
  lines.push(JSON.stringify({ type: 'user', sessionId: first.sessionId, timestamp: first.timestamp, uuid: 'u-structured', toolUseResult: structured(), message: { role: 'user', content: [{ type: 'tool_result', tool_use_id: 'toolu_x', content: 'ok' }] } }));
  fs.writeFileSync(transcript, lines.join('\n') + '\n');

  // The hook: every call of the real run, the Bash ones carrying the corpus, an Edit the structured corpus.
  for (const line of fs.readFileSync(path.join(RUN, 'hooks.jsonl'), 'utf8').trim().split('\n')) {
    const payload = JSON.parse(line).payload;
    payload.transcript_path = transcript;
    if (payload.tool_name === 'Bash') {
      payload.tool_input.command = planted('hook');
      if (payload.tool_response) payload.tool_response.stdout = planted('hook');
    }
    if (payload.tool_name === 'Edit' && payload.tool_response) Object.assign(payload.tool_response, structured());
    if (payload.hook_event_name === 'UserPromptSubmit') payload.prompt = planted('hook');
    const r = spawnSync(process.execPath, [HOOK], { input: JSON.stringify(payload), env: env() });
    expect(r.status).toBe(0);
  }

  // Another machine's journal, read in place, and one dropped in the inbox: never redacted by us.
  const foreign = (door: Door, n: string) =>
    foreignEnvelope(`${door}-1-${n}`, { hook_event_name: 'PostToolUse', tool_name: 'Bash', tool_input: { command: planted(door) }, tool_response: { stdout: planted(door) } }) +
    foreignEnvelope(`${door}-2-${n}`, { hook_event_name: 'PostToolUse', tool_name: 'Edit', tool_input: { file_path: '/x' }, tool_response: structured(), env: { DATABASE_PASSWORD: 'plain-field-secret' } });
  // (kept outside the data dir's searched files: it is the user's copy, read in place, never ours to rewrite)
  fs.mkdirSync(path.join(home, 'outside'));
  fs.writeFileSync(path.join(home, 'outside', 'laptop.jsonl'), foreign('journal-flag', 'a'));
  fs.mkdirSync(path.join(home, 'inbox'), { mode: 0o700 });
  fs.writeFileSync(path.join(home, 'inbox', 'desktop.jsonl'), foreign('inbox', 'b'));

  // Damaged lines holding the corpus: invalid JSON, and valid JSON that is not an envelope.
  fs.appendFileSync(path.join(home, 'journal.jsonl'), `{"v":1,"id":"broken","payload":"${planted('rejects').replace(/\n/g, ' ')}\n` + JSON.stringify({ v: 1, id: 'bad-ts', ts: 'infinity', note: planted('rejects') }) + '\n');

  // The task graph through the CLI…
  const t1 = JSON.parse(cli(['task', 'add', `ship ${planted('task-cli').split('\n').slice(0, 6).join(' ')}`, '--description', planted('task-cli'), '--json'])).id;
  cli(['task', 'note', t1, planted('task-cli')]);
  cli(['task', 'go', '--json'], { AGENTDAG_SESSION_ID: 'session-cli' });
  cli(['task', 'done', t1, '--result', JSON.stringify({ token: 'ghp_' + 'R'.repeat(36), text: planted('task-cli'), ...structured() }), '--json'], { AGENTDAG_SESSION_ID: 'session-cli' });
  const t2 = JSON.parse(cli(['task', 'add', 'second', '--json'])).id;
  cli(['task', 'go', '--json'], { AGENTDAG_SESSION_ID: 'session-cli' });
  cli(['task', 'fail', t2, planted('task-cli')], { AGENTDAG_SESSION_ID: 'session-cli' });

  // …and through MCP (the SDK's own client over stdio).
  const { Client } = await import('@modelcontextprotocol/sdk/client/index.js');
  const { StdioClientTransport } = await import('@modelcontextprotocol/sdk/client/stdio.js');
  const client = new Client({ name: 'agentdag-secrets-test', version: '1.0.0' });
  await client.connect(new StdioClientTransport({ command: process.execPath, args: [CLI, 'mcp'], env: env({ AGENTDAG_SESSION_ID: 'session-mcp' }) as Record<string, string>, stderr: 'pipe' }));
  const call = async (name: string, args: Record<string, unknown>) => {
    const r = (await client.callTool({ name, arguments: args })) as { isError?: boolean; content: { text: string }[] };
    if (r.isError) throw new Error(`${name}: ${r.content[0].text}`);
    return JSON.parse(r.content[0].text);
  };
  const m1 = (await call('task_add', { title: `mcp ${marker('task-mcp')} ${CORPUS[0].text}`, description: planted('task-mcp') })).id;
  await call('task_go', {});
  await call('task_done', { id: m1, result: { password: 'hunter2hunter2', text: planted('task-mcp'), ...structured() } });
  await client.close();

  cli(['ingest', '--json', '--journal', path.join(home, 'outside', 'laptop.jsonl')], { AGENTDAG_SEGMENT_GRACE_MS: '0' });

  // Surfaces: where each door's data shows up.
  surfaces.set('hook', await warehouseText(["SELECT * FROM raw_hook_events WHERE source_file NOT LIKE 'external:%' AND source_file NOT LIKE '%inbox%'"]));
  surfaces.set('journal-flag', await warehouseText(["SELECT * FROM raw_hook_events WHERE source_file LIKE 'external:%'"]));
  surfaces.set('inbox', await warehouseText(["SELECT * FROM raw_hook_events WHERE source_file LIKE '%inbox%'"]));
  surfaces.set('rejects', await warehouseText(['SELECT * FROM raw_rejects']));
  surfaces.set('transcripts', await warehouseText(['SELECT * FROM raw_transcript_lines', 'SELECT * FROM raw_transcript_rejects']));
  const graph = ['tasks.sqlite', 'tasks.sqlite-wal'].map((f) => (fs.existsSync(path.join(home, f)) ? fs.readFileSync(path.join(home, f)).toString('latin1') : '')).join('\n');
  const snapshot = await warehouseText(null);
  surfaces.set('task-cli', graph + snapshot);
  surfaces.set('task-mcp', graph + snapshot);

  srv = await serve(home);
  const list = await get(`${srv.url}/api/v1/dag-executions`);
  const bodies = [list.body];
  for (const ex of list.json.executions ?? []) for (const p of ['', '/sub-steps']) bodies.push((await get(`${srv.url}/api/v1/dag-executions/${encodeURIComponent(ex.executionId)}${p}`)).body);
  for (const p of ['waves', 'concurrency', 'cost-by-model', 'routing-success', 'task-cost', 'agents/live']) bodies.push((await get(`${srv.url}/api/v1/${p}`)).body);
  surfaces.set('serve-api', bodies.join('\n'));
  const sse = openSse(`${srv.url}/api/v1/events?after=0`);
  await sse.opened;
  // Every event so far: the task graph's event log, streamed from id 0 (a condition, bounded).
  const events = (JSON.parse(cli(['task', 'events', '--json'])) as unknown[]).length;
  await sse.next(() => sse.messages.length >= events, 30_000).catch(() => undefined);
  sse.close();
  surfaces.set('sse', sse.messages.map((m) => JSON.stringify(m.data)).join('\n'));

  const lake = path.join(home, 'lake');
  cli(['export', '--parquet', lake]);
  const { parquetReadObjects } = await import('hyparquet');
  const { asyncBufferFromFile } = await import('hyparquet/src/node.js' as string);
  const rows: string[] = [];
  for (const f of fs.readdirSync(lake, { recursive: true }).map(String).filter((f) => f.endsWith('.parquet'))) {
    const file = await asyncBufferFromFile(path.join(lake, f));
    for (const row of await parquetReadObjects({ file })) rows.push(JSON.stringify(row, (_k, v) => (typeof v === 'bigint' ? String(v) : v)));
  }
  surfaces.set('parquet', rows.join('\n'));
}, 300_000);

afterAll(async () => {
  await srv?.stop();
});

describe('the secrets corpus through every door', () => {
  it.each(DOORS.map((d) => [d]))('%s: no secret on its surface', (door) => {
    const text = surfaces.get(door as Door) ?? '';
    const leaked = SECRETS.filter((s) => text.includes(s));
    expect(leaked, `${door} leaked`).toEqual([]);
    expect(text).not.toContain('plain-field-secret');
  });

  it.each(DOORS.filter((d) => !['serve-api', 'sse', 'parquet'].includes(d)).map((d) => [d]))('%s: its marker is found on its surface', (door) => {
    expect(surfaces.get(door as Door)).toContain(marker(door as Door));
  });

  it('the serve API, the SSE stream and the Parquet export carry the task graph and the facts (markers found)', () => {
    // The API and the stream serve the task graph: the CLI's and MCP's markers reach them.
    expect(surfaces.get('serve-api')).toContain(marker('task-cli'));
    expect(surfaces.get('sse')).toContain(marker('task-mcp'));
    // The export carries the facts: the hook's marker is in fact_execution_step.
    expect(surfaces.get('parquet')).toContain(marker('hook'));
  });

  it('no table of the warehouse and no file of the data dir holds a secret', async () => {
    const all = (await warehouseText(null)) + dataDirFiles();
    expect(SECRETS.filter((s) => all.includes(s))).toEqual([]);
    for (const door of DOORS.filter((d) => !['serve-api', 'sse', 'parquet'].includes(d))) expect(all).toContain(marker(door));
  });
});
