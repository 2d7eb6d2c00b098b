// `npm run bench -- hook`: wall time of the hook as Claude Code runs it,
//   sh -c '<the installed command>' < payload
// for 1 KB, 100 KB and 2 MB PostToolUse payloads, as a ratio to `node -e 0` measured in the same
// run, interleaved (hook, node, hook, node…), with the same parent environment. Two environments:
// NODE_EXTRA_CA_CERTS set in the parent (the command blanks it) and unset.
//   baseline "node -e 0"            = sh -c 'NODE_EXTRA_CA_CERTS= <node> -e 0' (bare Node start: the floor)
//   baseline "node -e 0 (env as is)" = sh -c '<node> -e 0'                    (what Node costs unblanked)
// Flags: --runs=N (default 40, minimum 30), --json; --soak [--seconds=60] [--writers=50] runs
// bench/hook-soak.ts instead (hook writers at full speed while ingest runs).
// Targets (issue 2): hook ≤ 1.15× node -e 0 at 1 KB and 100 KB, p99 < 50 ms.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { bundleHook } from '../hooks/bundle';
import { hookCommand, hookSpecFromEnv, shellQuote } from '../hooks/hook-command';
import { quantile } from './stats';

const CA_BUNDLE = ['/etc/ssl/certs/ca-certificates.crt', '/etc/pki/tls/certs/ca-bundle.crt', '/etc/ssl/cert.pem'].find((f) => fs.existsSync(f));

function payload(bytes: number): string {
  const base = {
    session_id: '0ecf0fe1-b936-48ee-967d-9fa09cfe2abc',
    transcript_path: '/home/dev/.claude/projects/-home-dev-project/0ecf0fe1-b936-48ee-967d-9fa09cfe2abc.jsonl',
    cwd: '/home/dev/project',
    permission_mode: 'bypassPermissions',
    hook_event_name: 'PostToolUse',
    tool_name: 'Bash',
    tool_input: { command: 'cat build.log', description: 'Show the build log' },
    tool_response: { stdout: '', stderr: '', interrupted: false, isImage: false, noOutputExpected: false },
    tool_use_id: 'toolu_01Kq3bLpV9xYzAbCdEfGhIjK',
    duration_ms: 12,
  };
  const empty = JSON.stringify(base).length;
  const line = 'compiling src/module.ts … ok (12 ms)\n';
  base.tool_response.stdout = line.repeat(Math.ceil((bytes - empty) / line.length)).slice(0, Math.max(0, bytes - empty));
  return JSON.stringify(base);
}

/**
 * CPU time (user + system, ms) of this process's reaped children, from /proc/self/stat (Linux;
 * 10 ms ticks, so only sums over many runs mean anything). null elsewhere.
 */
function childCpuMs(): number | null {
  try {
    const stat = fs.readFileSync('/proc/self/stat', 'utf8');
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(f[13]) + Number(f[14])) * 10; // cutime, cstime (fields 16, 17), USER_HZ = 100
  } catch {
    return null;
  }
}

/** Wall ms of one run, and adds its CPU ms (children) to `cpu[0]`. */
function time(cmd: string, stdinFile: string, env: NodeJS.ProcessEnv, cpu: number[] = [0]): number {
  const fd = fs.openSync(stdinFile, 'r');
  try {
    const c0 = childCpuMs();
    const t0 = process.hrtime.bigint();
    const r = spawnSync('/bin/sh', ['-c', cmd], { stdio: [fd, 'ignore', 'ignore'], env });
    const ms = Number(process.hrtime.bigint() - t0) / 1e6;
    const c1 = childCpuMs();
    if (c0 !== null && c1 !== null) cpu[0] += c1 - c0;
    if (r.status !== 0) throw new Error(`exit ${r.status}: ${cmd}`);
    return ms;
  } finally {
    fs.closeSync(fd);
  }
}

const r1 = (x: number) => Math.round(x * 10) / 10;
const r2 = (x: number) => Math.round(x * 100) / 100;

export async function run(flags: string[]): Promise<void> {
  if (flags.includes('--soak')) return (await import('./hook-soak.js')).runSoak(flags);
  const runsFlag = flags.find((f) => f.startsWith('--runs='));
  const runs = Math.max(30, runsFlag ? Number(runsFlag.slice('--runs='.length)) || 40 : 40);
  const json = flags.includes('--json');
  bundleHook(path.resolve(__dirname, '..')); // measure the build users run (one file)

  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'agentdag-bench-hook-'));
  const results: Record<string, unknown>[] = [];
  try {
    const spec = { ...hookSpecFromEnv(), agentdagHome: path.join(tmp, 'data') };
    const command = hookCommand(spec);
    const floor = `NODE_EXTRA_CA_CERTS= ${shellQuote(spec.nodePath)} -e 0`;
    const asIs = `${shellQuote(spec.nodePath)} -e 0`;
    const empty = path.join(tmp, 'empty');
    fs.writeFileSync(empty, '');
    const sizes: [string, number][] = [
      ['1 KB', 1024],
      ['100 KB', 100 * 1024],
      ['2 MB', 2 * 1024 * 1024],
    ];
    const envs: [string, NodeJS.ProcessEnv][] = [];
    const base = { ...process.env };
    for (const k of Object.keys(base)) if (k.startsWith('AGENTDAG_')) delete base[k];
    const unset = { ...base };
    delete unset.NODE_EXTRA_CA_CERTS;
    envs.push(['NODE_EXTRA_CA_CERTS unset', unset]);
    if (CA_BUNDLE) envs.push([`NODE_EXTRA_CA_CERTS=${CA_BUNDLE}`, { ...base, NODE_EXTRA_CA_CERTS: CA_BUNDLE }]);

    if (!json) {
      process.stdout.write(`command: ${command}\n${runs} runs per cell, interleaved hook / node -e 0 / node -e 0 (env as is), after 3 warm-ups\n\n`);
      process.stdout.write(
        '| parent env | payload | hook median | hook p99 | node -e 0 median | ratio | node -e 0 (env as is) median | CPU hook / node -e 0 (mean) | load 1m | target |\n|---|---|---|---|---|---|---|---|---|---|\n',
      );
    }
    for (const [envName, env] of envs) {
      for (const [sizeName, bytes] of sizes) {
        const file = path.join(tmp, `payload-${bytes}.json`);
        fs.writeFileSync(file, payload(bytes));
        for (let i = 0; i < 3; i++) {
          time(command, file, env);
          time(floor, empty, env);
        }
        const hook: number[] = [];
        const node: number[] = [];
        const nodeAsIs: number[] = [];
        const hookCpu = [0];
        const nodeCpu = [0];
        for (let i = 0; i < runs; i++) {
          hook.push(time(command, file, env, hookCpu));
          node.push(time(floor, empty, env, nodeCpu));
          nodeAsIs.push(time(asIs, empty, env));
        }
        const ratio = quantile(hook, 0.5) / quantile(node, 0.5);
        const p99 = quantile(hook, 0.99);
        const ratioTarget = bytes <= 100 * 1024 ? ratio <= 1.15 : true;
        const ok = ratioTarget && p99 < 50;
        const row = {
          env: envName,
          payload: sizeName,
          payload_bytes: fs.statSync(file).size,
          runs,
          hook_median_ms: r1(quantile(hook, 0.5)),
          hook_p99_ms: r1(p99),
          node_median_ms: r1(quantile(node, 0.5)),
          ratio: r2(ratio),
          node_env_as_is_median_ms: r1(quantile(nodeAsIs, 0.5)),
          // CPU time is far less sensitive to other load on the machine than wall time.
          hook_cpu_mean_ms: r1(hookCpu[0] / runs),
          node_cpu_mean_ms: r1(nodeCpu[0] / runs),
          cpu_ratio: nodeCpu[0] > 0 ? r2(hookCpu[0] / nodeCpu[0]) : null,
          load_average_1m: r2(os.loadavg()[0]),
          target_met: ok,
        };
        results.push(row);
        if (!json)
          process.stdout.write(
            `| ${envName} | ${sizeName} | ${row.hook_median_ms} ms | ${row.hook_p99_ms} ms | ${row.node_median_ms} ms | ${row.ratio}× | ${row.node_env_as_is_median_ms} ms | ${row.hook_cpu_mean_ms} / ${row.node_cpu_mean_ms} ms = ${row.cpu_ratio}× | ${row.load_average_1m} | ${ok ? 'met' : bytes > 100 * 1024 ? 'p99 ≥ 50 ms' : 'MISSED'} |\n`,
          );
      }
    }
    const lines = fs.readFileSync(path.join(tmp, 'data', 'journal.jsonl'), 'utf8').split('\n').filter(Boolean).length;
    const expected = envs.length * sizes.length * (runs + 3);
    if (json) process.stdout.write(JSON.stringify({ command, runs, results, journal_lines: lines, journal_lines_expected: expected }, null, 2) + '\n');
    else process.stdout.write(`\njournal lines written: ${lines} of ${expected} hook runs\n`);
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}
