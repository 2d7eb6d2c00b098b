// A corpus of secrets placed inside real fixture payloads (commands, file contents, outputs,
// prompts): none reaches the journal, each is reported in `redacted`, and the SQL translation of
// the same patterns (for ingest, on DuckDB's RE2) gives exactly the same text. The structured
// corpus (a key over sibling strings, a secret as a key) goes through the real hook too.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureBundled, fixtureHookCalls, hookEnv, readLines, runHook, tempDir } from './helpers';
import { CONTROL_MARKER, CORPUS, STRUCTURED_CORPUS } from '../fixtures/secrets-corpus';
import { redactCut, redactText } from '../../core/redact';


let home: string;
beforeAll(() => {
  ensureBundled();
  home = tempDir();
});
afterAll(() => fs.rmSync(home, { recursive: true, force: true }));

/** Plant `text` into the string fields that carry user data, in one real payload per event kind. */
function plant(payload: Record<string, unknown>, text: string): Record<string, unknown> {
  const p = JSON.parse(JSON.stringify(payload));
  const ti = p.tool_input as Record<string, unknown> | undefined;
  if (ti && typeof ti.command === 'string') ti.command += ` && ${text}`;
  if (ti && typeof ti.content === 'string') ti.content += `\n${text}`;
  if (ti && typeof ti.prompt === 'string') ti.prompt += `\n${text}`;
  const tr = p.tool_response as Record<string, unknown> | undefined;
  if (tr && typeof tr === 'object' && typeof tr.stdout === 'string') tr.stdout += `\n${text}`;
  if (typeof p.prompt === 'string') p.prompt += `\n${text}`;
  if (typeof p.last_assistant_message === 'string') p.last_assistant_message += `\n${text}`;
  if (typeof p.error === 'string') p.error += `\n${text}`;
  p.agentdag_test_field = `prefix ${text} suffix`;
  p.env = { DATABASE_PASSWORD: 'plain-field-secret' };
  return p;
}

describe('secrets never reach the journal', () => {
  const calls = fixtureHookCalls().filter((c) => c.file.startsWith('2.1.330/'));
  const byEvent = new Map<string, Record<string, unknown>>();
  for (const c of calls) if (!byEvent.has(String(c.payload.hook_event_name))) byEvent.set(String(c.payload.hook_event_name), c.payload);

  it('every corpus secret, alone and all together, in every kind of real payload is redacted and reported', () => {
    expect(byEvent.size).toBeGreaterThan(10);
    const env = hookEnv(home);
    const payloads = [...byEvent.values()];
    const runs: Record<string, unknown>[] = [];
    // Each secret alone (rotating through the event kinds), then all of them in every event kind.
    CORPUS.forEach(({ text }, i) => runs.push(plant(payloads[i % payloads.length], text)));
    const all = CORPUS.map((c) => c.text).join('\n');
    for (const payload of payloads) runs.push(plant(payload, all));
    for (const payload of runs) expect(runHook(JSON.stringify(payload), env).status).toBe(0);
    const journalFile = path.join(home, 'journal.jsonl');
    const errorsFile = path.join(home, 'hook-errors.log');
    const lines = readLines(journalFile);
    expect(lines.length, fs.existsSync(errorsFile) ? fs.readFileSync(errorsFile, 'utf8') : 'no hook errors').toBe(runs.length);
    const journal = fs.readFileSync(journalFile, 'utf8');
    for (const { secret } of CORPUS) expect(journal.includes(secret), `leaked: ${secret}`).toBe(false);
    expect(journal).not.toContain('plain-field-secret');
    for (const line of lines) {
      const e = JSON.parse(line);
      const paths = new Set(e.redacted.map((r: { path: string }) => r.path));
      expect(paths.has('agentdag_test_field')).toBe(true);
      expect(paths.has('env.DATABASE_PASSWORD')).toBe(true);
      // A key block without its END line is redacted to the end of the text, " suffix" included.
      expect(e.payload.agentdag_test_field).toMatch(/^prefix [\s\S]*\[REDACTED:[a-z_]+\]([\s\S]* suffix)?$/);
    }
  });

  it('a secret straddling the cap is redacted whole, not half kept', () => {
    const dir = tempDir();
    try {
      const key = 'AKIAIOSFODNN7EXAMPLE';
      const stdout = 'x'.repeat(8189) + ' ' + key + ' ' + 'y'.repeat(100);
      runHook(JSON.stringify({ hook_event_name: 'PostToolUse', tool_response: { stdout } }), hookEnv(dir));
      const text = fs.readFileSync(path.join(dir, 'journal.jsonl'), 'utf8');
      expect(text).not.toContain('AKIAIOSFODNN7EX');
      expect(text).not.toContain('AKIAIOS');
      const e = JSON.parse(text);
      expect(e.cut).toEqual([{ path: 'tool_response.stdout', length: stdout.length }]);
      expect(e.redacted).toEqual([{ path: 'tool_response.stdout', kind: 'aws_access_key' }]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('the structured corpus (a key over sibling strings, a secret as a key) through the real hook: no secret, the marker kept', () => {
    const dir = tempDir();
    try {
      for (const c of STRUCTURED_CORPUS) {
        const payload = { hook_event_name: 'PostToolUse', tool_name: 'Edit', tool_input: { note: CONTROL_MARKER }, tool_response: c.value };
        expect(runHook(JSON.stringify(payload), hookEnv(dir)).status).toBe(0);
      }
      const text = fs.readFileSync(path.join(dir, 'journal.jsonl'), 'utf8');
      expect(readLines(path.join(dir, 'journal.jsonl'))).toHaveLength(STRUCTURED_CORPUS.length);
      for (const c of STRUCTURED_CORPUS) for (const secret of c.secrets) expect(text.includes(secret), `${c.name}: ${secret}`).toBe(false);
      expect(text.split(CONTROL_MARKER).length - 1).toBe(STRUCTURED_CORPUS.length);
      // Lines around the key survive: the comment before it, the file path of the Edit.
      expect(text).toContain('+# deploy key');
      expect(text).toContain('/home/dev/project/deploy/id_ed25519');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('a key block before the cap shrinks to a marker, and nothing from past the cap is kept', () => {
    const pem = '-----BEGIN RSA PRIVATE KEY-----\n' + 'MIIEpAIBAAKCAQEA0123456789abcdefXYZ\n'.repeat(80) + '-----END RSA PRIVATE KEY-----\n';
    // Past the cap, after the key: a half token at the end of the old window, and a whole one.
    const text = pem + 'p'.repeat(8192 - pem.length) + ' past-the-cap ' + 'q'.repeat(4096 - 30) + ' AKIAIOSFODNN7EX';
    const r = redactCut(text, 8192);
    expect(r.cut).toBe(true);
    expect(r.text).not.toContain('past-the-cap');
    expect(r.text).not.toContain('AKIAIOS');
    expect(r.text.startsWith('[REDACTED:private_key]\npppp')).toBe(true);
  });

  it('the SQL translation (DuckDB RE2) gives exactly the JS text on every corpus entry', async () => {
    const { sqlRedactionExpression } = await import('../../core/secret-patterns.js');
    const { DuckDBInstance } = await import('@duckdb/node-api');
    const db = await DuckDBInstance.create(':memory:');
    const con = await db.connect();
    try {
      for (const { text } of [...CORPUS, { text: CORPUS.map((c) => c.text).join('\n') }]) {
        const reader = await con.runAndReadAll(`SELECT ${sqlRedactionExpression('$1::VARCHAR')} AS r`, [text]);
        expect(String(reader.getRowObjects()[0].r), text).toBe(redactText(text).text);
      }
    } finally {
      con.closeSync();
      db.closeSync();
    }
  });

  it('the SQL translation (DuckDB RE2) redacts the same corpus', async () => {
    const { sqlRedactionExpression } = await import('../../core/secret-patterns.js');
    const { DuckDBInstance } = await import('@duckdb/node-api');
    const db = await DuckDBInstance.create(':memory:');
    const con = await db.connect();
    try {
      for (const { text, secret } of CORPUS) {
        const reader = await con.runAndReadAll(`SELECT ${sqlRedactionExpression('$1::VARCHAR')} AS r`, [text]);
        const out = String(reader.getRowObjects()[0].r);
        expect(out.includes(secret), `SQL leaked ${secret} from ${JSON.stringify(text)} → ${out}`).toBe(false);
        expect(out).toContain('[REDACTED:');
      }
    } finally {
      con.closeSync();
      db.closeSync();
    }
  });
});
