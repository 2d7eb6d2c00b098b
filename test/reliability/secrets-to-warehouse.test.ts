// No secret reaches the warehouse: the corpus is planted in real hook payloads (through the real
// hook) and in a real transcript, `agentdag ingest` runs every stage, and then every row of every
// table in the published warehouse is searched for every secret. A planted harmless marker must be
// found by the same search, so the test fails if the search itself cannot see the data.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { beforeAll, describe, expect, it } from 'vitest';
import { CORPUS } from '../fixtures/secrets-corpus';
import { CLI, HOOK, ROOT } from '../paths';

const root = ROOT;
const cli = CLI;
const hook = HOOK;
const run = path.join(root, 'data', 'samples', 'claude-code', '2.1.330', 'a-basic-tools');
const MARKER = 'planted-marker-7f3a9c';

async function tablesContaining(file: string, needle: string): Promise<string[]> {
  const instance = await DuckDBInstance.create(file, { access_mode: 'READ_ONLY' });
  const conn = await instance.connect();
  try {
    const tables = (await conn.runAndReadAll("SELECT table_name FROM duckdb_tables() WHERE schema_name = 'main'")).getRowObjectsJS();
    const hits: string[] = [];
    for (const { table_name } of tables) {
      const r = await conn.runAndReadAll(`SELECT count(*) AS n FROM "${table_name}" t WHERE contains(CAST(t AS VARCHAR), $1)`, [needle]);
      if (Number(r.getRowObjectsJS()[0].n) > 0) hits.push(String(table_name));
    }
    return hits;
  } finally {
    conn.closeSync();
    instance.closeSync();
  }
}

describe('secrets never reach the warehouse', () => {
  let home: string;

  beforeAll(() => {
    home = fs.mkdtempSync(path.join(os.tmpdir(), 'agentdag-secrets-'));
    const planted = [MARKER, ...CORPUS.map((c) => c.text)].join('\n');
    // A real transcript, with the corpus in a user prompt and in an assistant text block.
    const src = fs.readdirSync(path.join(run, 'transcripts', '-home-dev-project')).find((f) => f.endsWith('.jsonl'))!;
    const transcript = path.join(home, 'claude', 'projects', '-home-dev-project', src); // where Claude Code keeps it
    fs.mkdirSync(path.dirname(transcript), { recursive: true });
    const lines = fs.readFileSync(path.join(run, 'transcripts', '-home-dev-project', src), 'utf8').trimEnd().split('\n');
    const first = JSON.parse(lines[0]);
    lines.push(JSON.stringify({ type: 'user', sessionId: first.sessionId, timestamp: first.timestamp, uuid: 'u-planted', message: { role: 'user', content: planted } }));
    lines.push(
      JSON.stringify({
        type: 'assistant', sessionId: first.sessionId, timestamp: first.timestamp, uuid: 'a-planted', requestId: 'req_planted',
        message: { id: 'msg_planted', model: 'claude-sonnet-4-5', role: 'assistant', content: [{ type: 'text', text: planted }], usage: { input_tokens: 1, output_tokens: 1 } },
      }),
    );
    fs.writeFileSync(transcript, lines.join('\n') + '\n');
    // Every hook call of the run through the real hook, the Bash calls carrying the corpus.
    for (const line of fs.readFileSync(path.join(run, 'hooks.jsonl'), 'utf8').trim().split('\n')) {
      const payload = JSON.parse(line).payload;
      payload.transcript_path = transcript;
      if (payload.tool_name === 'Bash') {
        payload.tool_input.command = planted;
        if (payload.tool_response) payload.tool_response.stdout = planted;
        if (payload.error) payload.error = planted;
      }
      if (payload.hook_event_name === 'UserPromptSubmit') payload.prompt = planted;
      const r = spawnSync(process.execPath, [hook], { input: JSON.stringify(payload), env: { ...process.env, AGENTDAG_HOME: home, NODE_EXTRA_CA_CERTS: '' } });
      expect(r.status).toBe(0);
    }
    const ingest = spawnSync(process.execPath, [cli, 'ingest', '--json'], { env: { ...process.env, AGENTDAG_HOME: home }, encoding: 'utf8' });
    expect(ingest.status, ingest.stderr).toBe(0);
    expect(JSON.parse(ingest.stdout).transcripts.files_read).toBeGreaterThan(0);
  }, 180_000);

  it('the search finds the planted harmless marker in raw hook events and raw transcript lines', async () => {
    const hits = await tablesContaining(path.join(home, 'warehouse.duckdb'), MARKER);
    expect(hits).toEqual(expect.arrayContaining(['raw_hook_events', 'raw_transcript_lines', 'fact_execution_step']));
  });

  it.each(CORPUS.map((c) => [c.secret]))('no table holds %s', async (secret) => {
    expect(await tablesContaining(path.join(home, 'warehouse.duckdb'), secret)).toEqual([]);
  });

  it('leaves no secret in the journal segments or the hook error log either', () => {
    const texts: string[] = [];
    const walk = (dir: string) => {
      for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
        const p = path.join(dir, e.name);
        if (e.isDirectory()) walk(p);
        else if (/\.(jsonl|log)$/.test(e.name) && !p.includes(`${path.sep}claude${path.sep}`)) texts.push(fs.readFileSync(p, 'utf8'));
      }
    };
    walk(home);
    const all = texts.join('\n');
    for (const { secret } of CORPUS) expect(all.includes(secret), secret).toBe(false);
  });
});
