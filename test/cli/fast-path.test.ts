// The agent's fast path (cli/index.ts → dist/cli/task/fast.bundle.js): `task go` and `task done`
// print exactly what the commander path prints, for results, refusals and bad arguments alike,
// without loading commander; anything else (--help, an unknown option) still goes to commander.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { fastCall } from '../../cli/task/fast-argv';
import { CLI } from '../paths';

function run(home: string, args: string[], env: Record<string, string> = {}) {
  const r = spawnSync(process.execPath, [CLI, ...args], {
    env: { ...process.env, AGENTDAG_HOME: home, AGENTDAG_SESSION_ID: '', AGENTDAG_PROJECT: '', AGENTDAG_TASKS_URL: '', ...env },
    encoding: 'utf8',
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('fastCall', () => {
  it('takes go and done (and their aliases) with the options it knows, and nothing else', () => {
    expect(fastCall(['node', 'agentdag', 'task', 'go', '--agent', 'a', '--json'])).toEqual({ command: 'go', opts: { agent: 'a', json: true } });
    expect(fastCall(['node', 'agentdag', 'tasks', 'finish', 't-1', '--result={"a":1}', '--what-if'])).toEqual({ command: 'done', id: 't-1', opts: { result: '{"a":1}', whatIf: true } });
    for (const argv of [['task', 'go', '--help'], ['task', 'go', '-h'], ['task', 'done'], ['task', 'done', 'a', 'b'], ['task', 'go', 'x'], ['task', 'go', '--bogus'], ['task', 'list'], ['task', 'done', 'a', '--agent'], ['task', 'go', '--json=1'], ['hooks', 'status']]) {
      expect(fastCall(['node', 'agentdag', ...argv]), argv.join(' ')).toBeNull();
    }
  });
});

describe('the fast path', () => {
  it('prints the same bytes and exit codes as commander', () => {
    const home = fs.mkdtempSync(path.join(os.tmpdir(), 'agentdag-fast-'));
    const empty = fs.mkdtempSync(path.join(os.tmpdir(), 'agentdag-fast-'));
    const a = JSON.parse(run(home, ['task', 'add', 'first', '--json']).stdout).id;
    const b = JSON.parse(run(home, ['task', 'add', 'second', '--after', a, '--json']).stdout).id;
    run(home, ['task', 'go', '--agent', 'holder']);
    const cases: [string, string[]][] = [
      [empty, ['task', 'go']],
      [empty, ['task', 'go', '--json', '--project', 'p2']],
      [home, ['task', 'done', b]], // pending: refused with a fix
      [home, ['task', 'done', b, '--json']],
      [home, ['task', 'done', a, '--agent', 'intruder']], // held by another explicit identity
      [home, ['task', 'done', a, '--what-if']],
      [home, ['task', 'done', a, '--what-if', '--json', '--result', '{"ok": 1}']],
      [home, ['task', 'done', 'zzzzzzzz']],
      [home, ['task', 'done', a, '--project', 'p'.repeat(201)]],
      [home, ['task', 'go', '--agent', 'y'.repeat(201)]],
    ];
    // A what-if's would-be result carries the time it ran: the only difference allowed.
    const timeless = (r: ReturnType<typeof run>) => ({ ...r, stdout: r.stdout.replace(/\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z/g, '<time>') });
    for (const [dir, args] of cases) {
      const fast = run(dir, args);
      const slow = run(dir, args, { AGENTDAG_FAST_CLI: '0' });
      expect(timeless(fast), args.join(' ').slice(0, 80)).toEqual(timeless(slow));
    }
    const done = run(home, ['task', 'done', a, '--result', '{"ok": true}']);
    expect(done.code).toBe(0);
    expect(done.stdout).toMatch(/^completed .* \(claimed by holder, finished by .+\); now ready: /);
  });

  it('loads neither commander nor another command\'s module; --help still goes to commander', () => {
    const home = fs.mkdtempSync(path.join(os.tmpdir(), 'agentdag-fast-'));
    run(home, ['task', 'add', 'x']);
    const trace = path.join(home, 'trace.js');
    const log = path.join(home, 'loaded.txt');
    fs.writeFileSync(trace, `const M = require('module'); const load = M._load; const seen = new Set();
M._load = function (req) { seen.add(req); return load.apply(this, arguments); };
process.on('exit', () => require('fs').writeFileSync(${JSON.stringify(log)}, [...seen].join('\\n')));\n`);
    const go = run(home, ['task', 'go', '--agent', 'a'], { NODE_OPTIONS: `--require ${trace}` });
    expect(go.code, go.stderr).toBe(0);
    const loaded = fs.readFileSync(log, 'utf8').split('\n');
    expect(loaded).not.toContain('commander');
    expect(loaded.some((m) => m.includes('program'))).toBe(false);
    expect(loaded.some((m) => /duckdb|pg$/.test(m))).toBe(false);
    const help = run(home, ['task', 'go', '--help']);
    expect(help.stdout).toMatch(/^Usage: agentdag task go \[options\]/);
  });
});
