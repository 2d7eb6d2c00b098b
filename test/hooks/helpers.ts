// Shared by the hook tests: run the compiled hook and the CLI as the child processes users run.
import { spawn, spawnSync, type SpawnSyncReturns } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { CLI, HOOK, ROOT, SAMPLES } from '../paths';

/** The entry `hooks install` registers: the bundled, code-cached loader (hooks/bundle.ts). */
export { CLI, HOOK, ROOT };
export const FIXTURES = SAMPLES;

/** A fresh temp dir; removed by the caller's afterAll/afterEach through cleanup(). */
export function tempDir(prefix = 'agentdag-hooks-'): string {
  return fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), prefix)));
}

/** The environment of a hook process: no AGENTDAG_* of the caller, the given data dir. */
export function hookEnv(home: string, extra: Record<string, string | undefined> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) if (!k.startsWith('AGENTDAG_') && k !== 'CLAUDE_ENV_FILE') env[k] = v;
  env.AGENTDAG_HOME = home;
  env.NODE_EXTRA_CA_CERTS = '';
  for (const [k, v] of Object.entries(extra)) {
    if (v === undefined) delete env[k];
    else env[k] = v;
  }
  return env;
}

export function runHook(input: string | Buffer, env: NodeJS.ProcessEnv): SpawnSyncReturns<Buffer> {
  return spawnSync(process.execPath, [HOOK], { input, env, maxBuffer: 64 << 20 });
}

export function runHookAsync(input: string | Buffer, env: NodeJS.ProcessEnv): Promise<{ code: number | null; stdout: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [HOOK], { env, stdio: ['pipe', 'pipe', 'ignore'] });
    let stdout = '';
    child.stdout.on('data', (c) => (stdout += c));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout }));
    child.stdin.on('error', () => {});
    child.stdin.end(input);
  });
}

export function runCli(args: string[], opts: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd: opts.cwd, env: opts.env ?? process.env, encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

export function readLines(file: string): string[] {
  if (!fs.existsSync(file)) return [];
  const text = fs.readFileSync(file, 'utf8');
  return text.split('\n').filter((l, i, all) => l !== '' || i < all.length - 1);
}

/** Every {event, payload} capture line of every fixture hooks.jsonl, with where it came from. */
export function fixtureHookCalls(): { file: string; index: number; payload: Record<string, unknown> }[] {
  const out: { file: string; index: number; payload: Record<string, unknown> }[] = [];
  for (const version of fs.readdirSync(FIXTURES)) {
    const vdir = path.join(FIXTURES, version);
    if (!fs.statSync(vdir).isDirectory()) continue;
    for (const scenario of fs.readdirSync(vdir)) {
      const file = path.join(vdir, scenario, 'hooks.jsonl');
      if (!fs.existsSync(file)) continue;
      fs.readFileSync(file, 'utf8')
        .split('\n')
        .filter(Boolean)
        .forEach((line, index) => out.push({ file: `${version}/${scenario}`, index, payload: JSON.parse(line).payload }));
    }
  }
  return out;
}

/** Value at an envelope path ("tool_response.content[0].text"); undefined when absent. */
export function valueAt(root: unknown, p: string): unknown {
  let node: unknown = root;
  for (const part of p.match(/[^.[\]]+|\[\d+\]/g) ?? []) {
    if (node === null || typeof node !== 'object') return undefined;
    node = part.startsWith('[') ? (node as unknown[])[Number(part.slice(1, -1))] : (node as Record<string, unknown>)[part];
  }
  return node;
}

/** Every string leaf with its envelope path. */
export function stringLeaves(node: unknown, p = '', out: Map<string, string> = new Map()): Map<string, string> {
  if (typeof node === 'string') out.set(p, node);
  else if (Array.isArray(node)) node.forEach((v, i) => stringLeaves(v, `${p}[${i}]`, out));
  else if (node && typeof node === 'object') for (const [k, v] of Object.entries(node)) stringLeaves(v, p ? `${p}.${k}` : k, out);
  return out;
}

/** Make sure dist/hooks/run-hook.js matches the current dist (tsc alone does not write it). */
export function ensureBundled(): void {
  spawnSync(process.execPath, [path.join(ROOT, 'dist', 'hooks', 'bundle.js')], { stdio: 'ignore' });
}
