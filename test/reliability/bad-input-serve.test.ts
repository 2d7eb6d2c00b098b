// The serve door's bad-input catalogue (README, Reliability): how `agentdag serve` gets its token
// (never from the command line, never a weak one) and what it answers to malformed requests. One
// row per input: the refusal names the fix, a bad request is a 4xx with a fix, never a 500, and the
// server keeps serving.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli, get, serve, tempHome, type Served } from '../serve/helpers';
import { buildScenario } from '../serve/scenario';

const TOKEN = 'c0ffee5ea1ed0123456789abcdef4f2a7b9d3e1c5a8f6e2d'; // 48 hex characters

interface StartRow {
  input: string;
  outcome: string;
  args?: string[];
  env?: Record<string, string>;
  /** Written to <home>/token, mode given, before the run; the path replaces {token-file} in args. */
  tokenFile?: { text: string; mode: number } | 'directory';
  /** Exit code when refused; null when the server must start and take the token. */
  refused: number | null;
  stderr?: RegExp;
}

const START: StartRow[] = [
  { input: '--token on the command line', outcome: 'refused: visible in ps; the fix names the environment and --token-file', args: ['--token', TOKEN], refused: 2, stderr: /--token on the command line is visible to every local user.*\n  fix: .*AGENTDAG_SERVE_TOKEN=.*--token-file/ },
  { input: 'a token of 16 spaces', outcome: 'refused as weak', env: { AGENTDAG_SERVE_TOKEN: ' '.repeat(16) }, refused: 2, stderr: /the serve token is too weak: it contains whitespace/ },
  { input: 'a token of one repeated character', outcome: 'refused as weak', env: { AGENTDAG_SERVE_TOKEN: 'a'.repeat(32) }, refused: 2, stderr: /too weak: it repeats too few characters.*about 0 bits/ },
  { input: 'a token "1234567890123456"', outcome: 'refused as weak', env: { AGENTDAG_SERVE_TOKEN: '1234567890123456' }, refused: 2, stderr: /too weak: .*about 52 bits/ },
  { input: 'a short token', outcome: 'refused as weak', env: { AGENTDAG_SERVE_TOKEN: 'Zq8#rT1!' }, refused: 2, stderr: /too weak: it is 8 characters long/ },
  { input: 'a token with a newline inside', outcome: 'refused as weak', env: { AGENTDAG_SERVE_TOKEN: `${TOKEN.slice(0, 20)}\n${TOKEN.slice(20)}` }, refused: 2, stderr: /whitespace or control characters/ },
  { input: 'a weak token on loopback', outcome: 'refused as well (a token given is a token checked)', args: ['--host', '127.0.0.1'], env: { AGENTDAG_SERVE_TOKEN: 'password' }, refused: 2, stderr: /too weak/ },
  { input: '--token-file that does not exist', outcome: 'refused with the fix', args: ['--token-file', '/nonexistent/agentdag-token'], refused: 2, stderr: /--token-file \/nonexistent\/agentdag-token: no such file/ },
  { input: '--token-file that is a directory', outcome: 'refused', args: ['--token-file', '{token-file}'], tokenFile: 'directory', refused: 2, stderr: /not a regular file/ },
  { input: '--token-file readable by others (0644)', outcome: 'refused with the chmod fix', args: ['--token-file', '{token-file}'], tokenFile: { text: TOKEN, mode: 0o644 }, refused: 2, stderr: /can be read by others \(mode 644\)\n  fix: chmod 600 / },
  { input: '--token-file holding 16 spaces', outcome: 'refused as weak', args: ['--token-file', '{token-file}'], tokenFile: { text: ' '.repeat(16), mode: 0o600 }, refused: 2, stderr: /too weak/ },
  { input: 'a non-loopback bind without a token', outcome: 'refused with the fix', args: ['--host', '0.0.0.0'], refused: 2, stderr: /refusing to serve on 0\.0\.0\.0 without a token/ },
  { input: '--token-file 0600 with a trailing newline', outcome: 'serves; the token without its newline is required', args: ['--host', '0.0.0.0', '--token-file', '{token-file}'], tokenFile: { text: `${TOKEN}\n`, mode: 0o600 }, refused: null },
  { input: 'AGENTDAG_SERVE_TOKEN, a strong token', outcome: 'serves; the token is required', args: ['--host', '0.0.0.0'], env: { AGENTDAG_SERVE_TOKEN: TOKEN }, refused: null },
];

const request = (base: string, rawPath: string, headers: Record<string, string> = {}, method = 'GET') => get(base + rawPath, headers, method);

describe('serve door: where the token comes from', () => {
  it('has the rows the README counts', () => expect(START.length).toBe(14));
  for (const row of START) {
    it(`${row.input}: ${row.outcome}`, async () => {
      const home = tempHome();
      const file = path.join(home, 'token');
      if (row.tokenFile === 'directory') fs.mkdirSync(file);
      else if (row.tokenFile) {
        fs.writeFileSync(file, row.tokenFile.text);
        fs.chmodSync(file, row.tokenFile.mode);
      }
      const args = (row.args ?? []).map((a) => (a === '{token-file}' ? file : a));
      if (row.refused !== null) {
        const r = cli(home, ['serve', '--port', '0', ...args], row.env);
        expect(r.status, r.stderr).toBe(row.refused);
        if (row.stderr) expect(r.stderr).toMatch(row.stderr);
        expect(r.stderr).toContain('\n  fix: ');
        expect(r.stderr + r.stdout).not.toContain(TOKEN); // a refusal never echoes the secret
        return;
      }
      const srv = await serve(home, args, row.env);
      try {
        const base = `http://127.0.0.1:${new URL(srv.url).port}`;
        expect((await request(base, '/api/v1/health')).status).toBe(401);
        expect((await request(base, '/api/v1/health', { authorization: `Bearer ${TOKEN}\n`.trim() })).status).toBe(200);
        expect((await request(base, '/api/v1/health', { authorization: `Bearer ${TOKEN.slice(0, -1)}` })).status).toBe(401);
      } finally {
        await srv.stop();
      }
    });
  }
});

interface RequestRow {
  input: string;
  outcome: string;
  path: string;
  headers?: Record<string, string>;
  method?: string;
  status: number;
}

const AUTH = { authorization: `Bearer ${TOKEN}` };
const REQUESTS: RequestRow[] = [
  { input: 'a malformed %-escape in an execution id (%zz)', outcome: '400 with the fix', path: '/api/v1/dag-executions/%zz', headers: AUTH, status: 400 },
  { input: 'a truncated UTF-8 %-escape (%E0%A4%A)', outcome: '400 with the fix', path: '/api/v1/dag-executions/%E0%A4%A/sub-steps', headers: AUTH, status: 400 },
  { input: 'a lone % in the path', outcome: '400 with the fix', path: '/api/v1/dag-executions/50%', headers: AUTH, status: 400 },
  { input: 'a malformed %-escape in the token cookie', outcome: '401, not 500', path: '/api/v1/health', headers: { cookie: 'agentdag_token=%E0%zz' }, status: 401 },
  { input: 'a %-escape in a query parameter', outcome: '400 with the fix', path: '/api/v1/dag-executions?limit=%zz', headers: AUTH, status: 400 },
  { input: 'a valid escaped id that does not exist', outcome: '404', path: '/api/v1/dag-executions/p-%6E%6F%6E%65', headers: AUTH, status: 404 },
  { input: 'path traversal', outcome: '404, nothing read', path: '/api/v1/dag-executions/..%2F..%2F..%2Fetc%2Fpasswd', headers: AUTH, status: 404 },
  { input: 'a POST', outcome: '405: read-only', path: '/api/v1/dag-executions', headers: AUTH, method: 'POST', status: 405 },
  { input: 'SSE from a negative event id', outcome: '400 with the fix', path: '/api/v1/events?after=-1', headers: AUTH, status: 400 },
  { input: 'a wrong token', outcome: '401', path: '/api/v1/health', headers: { authorization: 'Bearer 0000000000000000000000000000' }, status: 401 },
];

describe('serve door: malformed requests', () => {
  let srv: Served;
  let base: string;
  beforeAll(async () => {
    const home = tempHome();
    buildScenario(home);
    srv = await serve(home, ['--host', '0.0.0.0'], { AGENTDAG_SERVE_TOKEN: TOKEN });
    base = `http://127.0.0.1:${new URL(srv.url).port}`;
  });
  afterAll(async () => srv?.stop());

  it('has the rows the README counts', () => expect(REQUESTS.length).toBe(10));
  for (const row of REQUESTS) {
    it(`${row.input}: ${row.outcome}`, async () => {
      const r = await request(base, row.path, row.headers, row.method);
      expect(r.status).toBe(row.status);
      expect(r.json?.error, JSON.stringify(r.json)).toBeTruthy();
      if (row.status === 400) expect(r.json.fix).toBeTruthy();
      // and the server keeps serving
      expect((await request(base, '/api/v1/health', AUTH)).status).toBe(200);
    });
  }
});
