// `agentdag hooks test`: feed a sample payload through the hook command exactly as Claude Code runs
// it (sh -c '<command>' < payload), into a throw-away data dir, and time it against `node -e 0`.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { dataDir } from '../core/data-dir';
import { hookCommand, shellQuote, type HookCommandSpec } from './hook-command';

export interface DoctorReport {
  command: string;
  source: string;
  runs: number;
  lines_written: number;
  lines_valid: number;
  stdout_bytes: number;
  nonzero_exits: number;
  hook_median_ms: number;
  hook_max_ms: number;
  node_median_ms: number;
  ratio: number;
  data_dir: string;
  data_dir_writable: boolean;
  ok: boolean;
}

export function samplePayload(): string {
  return JSON.stringify({
    session_id: '00000000-0000-4000-8000-000000000000',
    transcript_path: '/tmp/agentdag-hooks-test.jsonl',
    cwd: process.cwd(),
    hook_event_name: 'PostToolUse',
    tool_name: 'Bash',
    tool_input: { command: 'ls -la', description: 'List files' },
    tool_response: { stdout: 'x'.repeat(700), stderr: '', interrupted: false, isImage: false },
    tool_use_id: 'toolu_01AgentdagHooksTest000000',
  });
}

function timeCommand(cmd: string, input: string, env: NodeJS.ProcessEnv): { ms: number; status: number | null; stdout: number } {
  const t0 = process.hrtime.bigint();
  const r = spawnSync('/bin/sh', ['-c', cmd], { input, env, stdio: ['pipe', 'pipe', 'ignore'] });
  return { ms: Number(process.hrtime.bigint() - t0) / 1e6, status: r.status, stdout: r.stdout?.length ?? 0 };
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.floor(s.length / 2)] : 0;
};

/** The nearest existing directory on the way to `dir` is writable (the hook creates the rest). */
function writableDir(dir: string): boolean {
  let d = path.resolve(dir);
  for (;;) {
    try {
      fs.accessSync(d, fs.constants.W_OK);
      return fs.statSync(d).isDirectory();
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT' || path.dirname(d) === d) return false;
      d = path.dirname(d);
    }
  }
}

export function runDoctor(spec: HookCommandSpec, source: string, runs = 10): DoctorReport {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'agentdag-hooks-test-'));
  try {
    const cmd = hookCommand({ ...spec, agentdagHome: tmp });
    const env = { ...process.env };
    const input = samplePayload();
    const hook: number[] = [];
    const node: number[] = [];
    let nonzero = 0;
    let stdout = 0;
    const baseline = `NODE_EXTRA_CA_CERTS= ${shellQuote(spec.nodePath)} -e 0`;
    for (let i = 0; i < runs; i++) {
      const h = timeCommand(cmd, input, env);
      hook.push(h.ms);
      if (h.status !== 0) nonzero++;
      stdout += h.stdout;
      node.push(timeCommand(baseline, '', env).ms);
    }
    const journal = path.join(tmp, 'journal.jsonl');
    const lines = fs.existsSync(journal) ? fs.readFileSync(journal, 'utf8').split('\n').filter(Boolean) : [];
    const valid = lines.filter((l) => {
      try {
        const e = JSON.parse(l);
        return e.v === 1 && e.event === 'PostToolUse' && typeof e.id === 'string';
      } catch {
        return false;
      }
    }).length;
    const realDir = spec.agentdagHome ?? dataDir({ ...process.env, AGENTDAG_HOME: undefined });
    const report: DoctorReport = {
      command: hookCommand(spec),
      source,
      runs,
      lines_written: lines.length,
      lines_valid: valid,
      stdout_bytes: stdout,
      nonzero_exits: nonzero,
      hook_median_ms: Math.round(median(hook) * 10) / 10,
      hook_max_ms: Math.round(Math.max(...hook) * 10) / 10,
      node_median_ms: Math.round(median(node) * 10) / 10,
      ratio: Math.round((median(hook) / median(node)) * 100) / 100,
      data_dir: realDir,
      data_dir_writable: writableDir(realDir),
      ok: false,
    };
    report.ok = valid === runs && lines.length === runs && stdout === 0 && nonzero === 0 && report.data_dir_writable;
    return report;
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

