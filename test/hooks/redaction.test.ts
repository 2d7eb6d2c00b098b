// A corpus of secrets placed inside real fixture payloads (commands, file contents, outputs,
// prompts): none reaches the journal, each is reported in `redacted`, and the SQL translation of
// the same patterns (for ingest, on DuckDB's RE2) redacts the same corpus.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureBundled, fixtureHookCalls, hookEnv, readLines, runHook, tempDir } from './helpers';

// Each entry: the text to plant, and the secret part that must not survive.
const CORPUS: { text: string; secret: string }[] = [
  { text: 'aws configure set aws_access_key_id AKIAIOSFODNN7EXAMPLE', secret: 'AKIAIOSFODNN7EXAMPLE' },
  { text: 'export AWS_SECRET_ACCESS_KEY=wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY', secret: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY' },
  { text: 'aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYzzzzzzzzzz', secret: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYzzzzzzzzzz' },
  { text: 'git clone https://ghp_' + 'A1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6Q7r8' + '@github.com/o/r', secret: 'ghp_A1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6Q7r8' },
  { text: 'GH_TOKEN=github_pat_11ABCDEFG0123456789_abcdefghijklmnopqrstuvwxyz0123456789ABCDEFGHIJ gh pr list', secret: 'github_pat_11ABCDEFG0123456789_abcdefghijklmnopqrstuvwxyz0123456789ABCDEFGHIJ' },
  { text: 'curl --header "PRIVATE-TOKEN: glpat-xYz12AbC34dEf56GhI78jk" https://gitlab.example.com/api/v4/projects', secret: 'glpat-xYz12AbC34dEf56GhI78jk' },
  { text: 'SLACK_BOT_TOKEN=xoxb-123456789012-1234567890123-AbCdEfGhIjKlMnOpQrStUvWx', secret: 'xoxb-123456789012-1234567890123-AbCdEfGhIjKlMnOpQrStUvWx' },
  { text: 'post to https://hooks.slack.com/services/T00000000/B00000000/XXXXXXXXXXXXXXXXXXXXXXXX now', secret: 'T00000000/B00000000/XXXXXXXXXXXXXXXXXXXXXXXX' },
  { text: 'client = OpenAI(api_key="sk-proj-abcDEF1234567890abcDEF1234567890abcDEF12")', secret: 'sk-proj-abcDEF1234567890abcDEF1234567890abcDEF12' },
  { text: 'OPENAI_API_KEY: sk-Abcdefghijklmnopqrstuvwxyz0123456789ABCDEFGH', secret: 'sk-Abcdefghijklmnopqrstuvwxyz0123456789ABCDEFGH' },
  { text: 'ANTHROPIC_API_KEY=sk-ant-api03-abcdefghijklmnopqrstuvwxyz0123456789-ABCDEFGHIJ_klmnop', secret: 'sk-ant-api03-abcdefghijklmnopqrstuvwxyz0123456789-ABCDEFGHIJ_klmnop' },
  { text: 'stripe.api_key = "sk_live_51HxYzAbCdEfGhIjKlMnOpQrSt"', secret: 'sk_live_51HxYzAbCdEfGhIjKlMnOpQrSt' },
  { text: 'https://maps.googleapis.com/maps/api/geocode/json?key=AIzaSyA1234567890abcdefghijklmnopqrstuv', secret: 'AIzaSyA1234567890abcdefghijklmnopqrstuv' },
  { text: 'token: ya29.a0AfH6SMBx1234567890abcdefghijklmnopqrstuvwxyz', secret: 'ya29.a0AfH6SMBx1234567890abcdefghijklmnopqrstuvwxyz' },
  { text: '//registry.npmjs.org/:_authToken=npm_abcdefghijklmnopqrstuvwxyz0123456789', secret: 'npm_abcdefghijklmnopqrstuvwxyz0123456789' },
  {
    text: 'Cookie: session=eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4ifQ.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c',
    secret: 'SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c',
  },
  { text: 'curl -H "Authorization: Bearer abc123DEF456ghi789JKL012mno" https://api.example.com', secret: 'abc123DEF456ghi789JKL012mno' },
  { text: 'Authorization: Basic dXNlcjpodW50ZXIyaHVudGVyMg==', secret: 'dXNlcjpodW50ZXIyaHVudGVyMg==' },
  {
    text: 'key.pem:\n-----BEGIN RSA PRIVATE KEY-----\nMIIEpAIBAAKCAQEA1234567890abcdefghijklmnopqrstuvwxyzABCDEFGH\nQmFzZTY0RW5jb2RlZEtleU1hdGVyaWFsSGVyZQ==\n-----END RSA PRIVATE KEY-----\n',
    secret: 'MIIEpAIBAAKCAQEA1234567890abcdefghijklmnopqrstuvwxyzABCDEFGH',
  },
  { text: '-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQ', secret: 'b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQ' },
  { text: 'psql postgres://admin:S3cr3t-P4ss@db.internal:5432/app', secret: 'S3cr3t-P4ss' },
  { text: 'MONGO_URL=mongodb+srv://user:mongoPass123@cluster0.abc.mongodb.net/test', secret: 'mongoPass123' },
  { text: 'redis-cli -u redis://:redisPassw0rd@localhost:6379', secret: 'redisPassw0rd' },
  { text: 'mysql -u root -pHunter2Secret mydb', secret: 'Hunter2Secret' },
  { text: 'sshpass -p "ssh pass word" ssh user@host', secret: 'ssh pass word' },
  { text: 'deploy --password hunter2hunter2 --verbose', secret: 'hunter2hunter2' },
  { text: 'login --api-key=ak_live_0123456789 --region eu', secret: 'ak_live_0123456789' },
  { text: 'PGPASSWORD=pgSecretValue psql -h db', secret: 'pgSecretValue' },
  { text: 'DB_PASSWORD="quoted secret value" ./run.sh', secret: 'quoted secret value' },
  { text: '{"username": "bob", "password": "json-secret-value"}', secret: 'json-secret-value' },
  { text: 'database:\n  host: db\n  password: yaml-secret-value\n', secret: 'yaml-secret-value' },
  { text: 'GOOGLE_CLIENT_SECRET=GOCSPX-abcdefghijklmnopqrstuvwx', secret: 'GOCSPX-abcdefghijklmnopqrstuvwx' },
  { text: 'hf download --token hf_abcdefghijklmnopqrstuvwxyzABCDEFGH', secret: 'hf_abcdefghijklmnopqrstuvwxyzABCDEFGH' },
];

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

  it('the SQL translation (DuckDB RE2) redacts the same corpus', async () => {
    const { sqlRedactionExpression } = await import('../../hooks/secret-patterns');
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
