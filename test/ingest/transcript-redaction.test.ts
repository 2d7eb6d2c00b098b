// The transcript stage redacts in JS only the lines DuckDB flags with the RE2 patterns
// (sql/load/transcript_stage.sql): the flag must cover every line redactLine() would change, or a
// secret would reach the warehouse. Checked on every secret of the corpus, in every place a
// transcript line holds text, and on the cases where the two regex engines differ.
import * as fc from 'fast-check';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CORPUS } from '../fixtures/secrets-corpus';
import { redactLine } from '../../ingest/transcript-redact';
import { readSql } from '../../warehouse/sql-files';
import { secretDetectorParams } from '../../ingest/transcript-redact';

let dir: string;
let inst: DuckDBInstance;
let conn: DuckDBConnection;

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'agentdag-redact-'));
  inst = await DuckDBInstance.create(':memory:');
  conn = await inst.connect();
});

afterAll(() => {
  conn.closeSync();
  inst.closeSync();
  fs.rmSync(dir, { recursive: true, force: true });
});

/** Stage lines as the transcript step does and return, per line, whether DuckDB flags it. */
async function flags(lines: string[]): Promise<boolean[]> {
  const file = path.join(dir, 'batch.jsonl');
  const offsets = path.join(dir, 'batch.csv');
  fs.writeFileSync(file, lines.map((l) => l + '\n').join(''));
  let at = 0;
  fs.writeFileSync(offsets, lines.map((l) => { const row = `0,${at}`; at += Buffer.byteLength(l) + 1; return row; }).join('\n') + '\n');
  await conn.run(readSql('load', 'transcript_stage'), { file, offsets, ...secretDetectorParams() });
  const r = await conn.runAndReadAll('SELECT suspect FROM tmp_transcript_lines ORDER BY byte_offset');
  return r.getRowsJS().map((row) => Boolean(row[0]));
}

/** Transcript-shaped lines carrying `text` where Claude Code puts text. */
function linesWith(text: string): string[] {
  return [
    JSON.stringify({ type: 'user', sessionId: 's', message: { role: 'user', content: text } }),
    JSON.stringify({ type: 'assistant', sessionId: 's', message: { id: 'm', content: [{ type: 'tool_use', id: 't', name: 'Bash', input: { command: text } }], usage: { input_tokens: 1 } } }),
    JSON.stringify({ type: 'user', sessionId: 's', toolUseResult: { stdout: text }, message: { content: [{ type: 'tool_result', tool_use_id: 't', content: text }] } }),
  ];
}

describe('transcript redaction: DuckDB flags every line JS would redact', () => {
  it('flags every secret of the corpus, wherever it sits in a line', async () => {
    const lines = CORPUS.flatMap((c) => linesWith(c.text));
    const got = await flags(lines);
    lines.forEach((l, i) => {
      expect(redactLine(l).kinds.length, `JS redacts ${l.slice(0, 80)}`).toBeGreaterThan(0);
      expect(got[i], `DuckDB flags ${l.slice(0, 120)}`).toBe(true);
    });
  });

  it('flags what JS redacts where the engines differ: Unicode spaces, \\r and U+2028 line starts, secret keys, escapes', async () => {
    const texts = [
      'curl -H "Authorization: Bearer\u00a0abc123DEF456ghi789JKL012mno"', // JS \s matches NBSP
      'run it\u000bwith --password\u2003hunter2hunter2',
      'config:\r  password: hunter2hunter2', // JS m-mode ^ after \r
      'config:\u2028api_key: abcdef0123456789abcdef',
      'DB_PASSWORD=hunter2 and "quoted" text',
      'a\\nDB_PASSWORD=hunter2secret', // an escaped backslash then n: stays "\n" as text
    ];
    const lines = [...texts.flatMap(linesWith), JSON.stringify({ type: 'user', message: { content: 'x' }, client_secret: 'abc' }), JSON.stringify({ type: 'user', apiKey: 'k-123' })];
    const got = await flags(lines);
    lines.forEach((l, i) => {
      if (redactLine(l).kinds.length > 0) expect(got[i], l).toBe(true);
    });
    expect(got.filter(Boolean).length).toBeGreaterThan(10);
  });

  it('never misses a line JS would change, on generated text', async () => {
    const pieces = ['password', 'token', 'secret', 'api_key', 'AKIA', 'ghp_', 'sk-ant-', 'Bearer', '://u:', '@h', '=', ': ', '"', "'", '\n', '\r', '\t', '\u00a0', '\u2028', '\\', '--', ' -p', 'mysql', 'x'.repeat(20), 'A1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6Q7r8'];
    await fc.assert(
      fc.asyncProperty(fc.array(fc.array(fc.constantFrom(...pieces), { minLength: 1, maxLength: 12 }).map((p) => p.join('')), { minLength: 1, maxLength: 30 }), async (texts) => {
        const lines = texts.flatMap(linesWith);
        const got = await flags(lines);
        lines.forEach((l, i) => {
          if (redactLine(l).kinds.length > 0) expect(got[i], l).toBe(true);
        });
      }),
      { numRuns: Number(process.env.AGENTDAG_PBT_RUNS || 40) },
    );
  });
});
