// Run the real Claude Code CLI (node_modules/.bin/claude) headless against the mock Messages API,
// in a throw-away HOME, with agentdag's hooks installed by `agentdag hooks install --scope project`.
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { startMockApi, type Scenario, type ServedRequest } from './mock-messages-api';
import { CLI, ROOT } from '../paths';

export { ROOT };
export const CLAUDE = path.join(ROOT, 'node_modules', '.bin', 'claude');

export interface ClaudeRun {
  exitCode: number | null;
  wallMs: number;
  envelopes: Record<string, any>[];
  journalText: string;
  hookErrors: string;
  served: ServedRequest[];
  scenario: Scenario;
  groundTruth: Record<string, any>;
  settings: Record<string, any>;
  stream: Record<string, any>[];
}

function substitute<T>(value: T, vars: Record<string, string>): T {
  return JSON.parse(JSON.stringify(value), (_k, v) => (typeof v === 'string' ? v.replace(/\{\{(\w+)\}\}/g, (m, k) => vars[k] ?? m) : v));
}

/** The environment Claude Code gets: nothing of ours (no AGENTDAG_*), so the installed command must carry AGENTDAG_HOME. */
function claudeEnv(home: string, apiUrl: string, extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    LANG: 'C.UTF-8',
    SHELL: '/bin/bash',
    TERM: 'dumb',
    HOME: home,
    USER: 'dev',
    TMPDIR: path.join(home, 'tmp'),
    CLAUDE_CONFIG_DIR: path.join(home, '.claude'),
    ANTHROPIC_BASE_URL: apiUrl,
    ANTHROPIC_API_KEY: 'dummy',
    CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC: '1',
    DISABLE_TELEMETRY: '1',
    DISABLE_AUTOUPDATER: '1',
    DISABLE_ERROR_REPORTING: '1',
    ...extra,
  };
  // A CA bundle in the environment, as on many developer machines: the command must blank it.
  if (fs.existsSync('/etc/ssl/certs/ca-certificates.crt')) env.NODE_EXTRA_CA_CERTS = '/etc/ssl/certs/ca-certificates.crt';
  // Claude Code refuses bypassPermissions as root unless told it runs in a sandbox.
  if (process.getuid?.() === 0) env.IS_SANDBOX = '1';
  return env;
}

export interface RunOptions {
  /** Install with --async (Claude Code does not wait for most hook calls). */
  async?: boolean;
  timeoutMs?: number;
}

/** A fixture scenario (data/samples/claude-code/<version>/<name>/scenario.json) with its ground truth. */
export function runClaudeScenario(version: string, name: string, opts: RunOptions = {}): Promise<ClaudeRun> {
  const fixture = path.join(ROOT, 'data', 'samples', 'claude-code', version, name);
  const raw = JSON.parse(fs.readFileSync(path.join(fixture, 'scenario.json'), 'utf8'));
  const groundTruth = JSON.parse(fs.readFileSync(path.join(fixture, 'ground-truth.json'), 'utf8'));
  return runClaude(raw, groundTruth, opts);
}

export async function runClaude(raw: Record<string, unknown>, groundTruth: Record<string, any>, opts: RunOptions = {}): Promise<ClaudeRun> {
  const work = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'agentdag-e2e-')));
  const home = path.join(work, 'home', 'dev');
  const project = path.join(home, 'project');
  const data = path.join(work, 'agentdag-data');
  fs.mkdirSync(path.join(home, '.claude'), { recursive: true });
  fs.mkdirSync(path.join(home, 'tmp'), { recursive: true });
  fs.mkdirSync(path.join(project, '.claude'), { recursive: true });
  const scenario = substitute(raw, { PROJECT: project, HOME: home }) as unknown as Scenario;
  for (const [rel, content] of Object.entries((scenario.files ?? {}) as Record<string, string>)) {
    fs.mkdirSync(path.dirname(path.join(project, rel)), { recursive: true });
    fs.writeFileSync(path.join(project, rel), content);
  }
  // Trust the project (else -p ignores project permissions) and skip onboarding.
  fs.writeFileSync(
    path.join(home, '.claude', '.claude.json'),
    JSON.stringify({ hasCompletedOnboarding: true, projects: { [project]: { hasTrustDialogAccepted: true, allowedTools: [] } } }),
  );
  if (scenario.settings) fs.writeFileSync(path.join(project, '.claude', 'settings.json'), JSON.stringify(scenario.settings, null, 2) + '\n');

  // Install exactly as a user would, with AGENTDAG_HOME set only for this command.
  const installEnv: NodeJS.ProcessEnv = { ...process.env, HOME: home, AGENTDAG_HOME: data };
  const install = spawnSync(process.execPath, [CLI, 'hooks', 'install', '--scope', 'project', ...(opts.async ? ['--async'] : [])], { cwd: project, env: installEnv, encoding: 'utf8' });
  if (install.status !== 0) throw new Error(`hooks install failed: ${install.stderr}`);
  const settings = JSON.parse(fs.readFileSync(path.join(project, '.claude', 'settings.json'), 'utf8'));

  const api = await startMockApi(scenario);
  const args = ['-p', scenario.prompt, '--output-format', 'stream-json', '--verbose', '--permission-mode', String(scenario.permission_mode ?? 'bypassPermissions')];
  if (scenario.model) args.push('--model', scenario.model);
  if (Array.isArray(scenario.tools)) args.push('--tools', (scenario.tools as string[]).join(','));
  args.push(...((scenario.extra_args as string[]) ?? []));
  const t0 = Date.now();
  const child = spawn(CLAUDE, args, {
    cwd: project,
    env: claudeEnv(home, api.url, (scenario.env as Record<string, string>) ?? {}),
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  let stdout = '';
  child.stdout.on('data', (c) => (stdout += c));
  child.stderr.resume();
  const timer = setTimeout(() => {
    try {
      process.kill(-child.pid!, 'SIGKILL');
    } catch {}
  }, opts.timeoutMs ?? 90_000);
  const exitCode: number | null = await new Promise((resolve) => child.on('exit', (code) => resolve(code)));
  clearTimeout(timer);
  const wallMs = Date.now() - t0;
  // Hooks Claude Code did not wait for (async ones) may still be running: give them 5 s, then stop the group.
  const alive = () => {
    try {
      process.kill(-child.pid!, 0);
      return true;
    } catch {
      return false;
    }
  };
  for (let waited = 0; alive() && waited < 5000; waited += 50) await new Promise((r) => setTimeout(r, 50));
  try {
    process.kill(-child.pid!, 'SIGKILL');
  } catch {}
  await api.close();

  const journal = path.join(data, 'journal.jsonl');
  const journalText = fs.existsSync(journal) ? fs.readFileSync(journal, 'utf8') : '';
  const errorsFile = path.join(data, 'hook-errors.log');
  const run: ClaudeRun = {
    exitCode,
    wallMs,
    journalText,
    envelopes: journalText.split('\n').filter(Boolean).map((l) => JSON.parse(l)),
    hookErrors: fs.existsSync(errorsFile) ? fs.readFileSync(errorsFile, 'utf8') : '',
    served: api.served,
    scenario,
    groundTruth,
    settings,
    stream: stdout.split('\n').filter(Boolean).map((l) => JSON.parse(l)),
  };
  fs.rmSync(work, { recursive: true, force: true });
  return run;
}
