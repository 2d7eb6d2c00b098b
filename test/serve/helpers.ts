// Shared helpers for the serve and analytics tests: the real CLI as a child process, a real
// server on a random loopback port, and small HTTP/SSE clients.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as os from 'node:os';
import * as path from 'node:path';
import { CLI, ROOT } from '../paths';

export { CLI, ROOT };

export function tempHome(prefix = 'agentdag-serve-'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

export function cliEnv(home: string, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, AGENTDAG_HOME: home, NO_COLOR: '1', TZ: 'UTC', ...extra };
  // A Claude Code session around the test run must not leak into the agents' identity.
  if (!extra.AGENTDAG_SESSION_ID) delete env.AGENTDAG_SESSION_ID;
  if (!extra.AGENTDAG_PROJECT) delete env.AGENTDAG_PROJECT;
  delete env.NODE_EXTRA_CA_CERTS; // ~50 ms per child process (perf-baselines §1a)
  return env;
}

export interface CliResult {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** Runs `agentdag …` to completion. */
export function cli(home: string, args: string[], extra: Record<string, string> = {}): CliResult {
  const r = spawnSync(process.execPath, [CLI, ...args], { env: cliEnv(home, extra), encoding: 'utf8', timeout: 60_000 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** Runs `agentdag … --json`, asserts success and parses stdout. */
export function cliJson<T = any>(home: string, args: string[], extra: Record<string, string> = {}): T {
  const r = cli(home, [...args, '--json'], extra);
  if (r.status !== 0) throw new Error(`agentdag ${args.join(' ')} exited ${r.status}\n${r.stderr}\n${r.stdout}`);
  return JSON.parse(r.stdout) as T;
}

export interface Served {
  url: string;
  child: ChildProcess;
  stop(): Promise<void>;
}

/** Starts `agentdag serve --port 0 --json` and waits for its URL. */
export async function serve(home: string, args: string[] = [], extra: Record<string, string> = {}): Promise<Served> {
  const child = spawn(process.execPath, [CLI, 'serve', '--port', '0', '--json', ...args], { env: cliEnv(home, extra), stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr!.on('data', (d) => (stderr += d));
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`serve did not start in 15 s: ${stderr}`)), 15_000);
    child.stdout!.on('data', (d) => {
      out += d;
      const nl = out.indexOf('\n');
      if (nl >= 0) {
        clearTimeout(timer);
        resolve(JSON.parse(out.slice(0, nl)).url);
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`serve exited ${code}: ${stderr}`));
    });
  });
  return {
    url,
    child,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

export interface HttpResult {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
  json: any;
}

export function get(url: string, headers: Record<string, string> = {}, method = 'GET'): Promise<HttpResult> {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { headers, method }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (d) => (body += d));
      res.on('end', () => {
        let json: unknown = null;
        try {
          json = JSON.parse(body);
        } catch {
          /* not JSON */
        }
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body, json });
      });
    });
    req.on('error', reject);
    req.end();
  });
}

export interface SseMessage {
  id: string | null;
  data: any;
  receivedAt: number;
}

/** Opens an SSE stream and collects its messages until `close()`. */
export function openSse(url: string): { messages: SseMessage[]; opened: Promise<void>; next(pred: (m: SseMessage) => boolean, timeoutMs: number): Promise<SseMessage>; close(): void } {
  const messages: SseMessage[] = [];
  const waiters: { pred: (m: SseMessage) => boolean; resolve: (m: SseMessage) => void }[] = [];
  let buffer = '';
  let req: http.ClientRequest;
  const opened = new Promise<void>((resolve, reject) => {
    req = http.get(url, { headers: { accept: 'text/event-stream' } }, (res) => {
      if (res.statusCode !== 200) return reject(new Error(`SSE status ${res.statusCode}`));
      res.setEncoding('utf8');
      resolve();
      res.on('data', (chunk: string) => {
        buffer += chunk;
        let end: number;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          let id: string | null = null;
          const data: string[] = [];
          for (const line of block.split('\n')) {
            if (line.startsWith('id: ')) id = line.slice(4);
            else if (line.startsWith('data: ')) data.push(line.slice(6));
          }
          if (data.length === 0) continue;
          const m = { id, data: JSON.parse(data.join('\n')), receivedAt: Date.now() };
          messages.push(m);
          for (const w of [...waiters]) {
            if (w.pred(m)) {
              waiters.splice(waiters.indexOf(w), 1);
              w.resolve(m);
            }
          }
        }
      });
    });
    req.on('error', reject);
  });
  return {
    messages,
    opened,
    next(pred, timeoutMs) {
      const found = messages.find(pred);
      if (found) return Promise.resolve(found);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no matching SSE message within ${timeoutMs} ms; got ${JSON.stringify(messages.map((m) => m.data))}`)), timeoutMs);
        waiters.push({ pred, resolve: (m) => (clearTimeout(timer), resolve(m)) });
      });
    },
    close: () => req?.destroy(),
  };
}
