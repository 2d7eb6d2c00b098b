// The seed's Handoff Protocol through the real CLI, and every hint the CLI prints run exactly as
// printed (through a shell, with `agentdag` on PATH as a user has it): a hint that does not work
// as printed fails here.
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { CLI, cli, cliOk, storeEnv, tempHome } from './helpers';

let bin: string;
beforeAll(() => {
  bin = fs.mkdtempSync(path.join(tempHome(), 'bin-'));
  fs.writeFileSync(path.join(bin, 'agentdag'), `#!/bin/sh\nexec "${process.execPath}" "${CLI}" "$@"\n`, { mode: 0o755 });
});

/** The agentdag commands in a printed text (a hint line, or a fix naming several). */
function commandsIn(text: string): string[] {
  return [...text.matchAll(/agentdag task (?:[^;,()'\n]|'[^']*')+/g)].map((m) => m[0].trim());
}

/** Run a printed command line as a user would paste it. */
function runPrinted(home: string, line: string): { code: number; stdout: string; stderr: string } {
  try {
    const stdout = execFileSync('sh', ['-c', line], {
      env: { ...process.env, PATH: `${bin}:${process.env.PATH}`, AGENTDAG_HOME: home, AGENTDAG_SESSION_ID: '', AGENTDAG_AGENT: '', AGENTDAG_PROJECT: '', ...storeEnv(home) },
      encoding: 'utf8',
    });
    return { code: 0, stdout, stderr: '' };
  } catch (e) {
    const err = e as { status: number; stdout: string; stderr: string };
    return { code: err.status, stdout: err.stdout, stderr: err.stderr };
  }
}

describe('the Handoff Protocol (seed 004), as two commands per agent', () => {
  it('go --agent a → done ID with no identity → the next agent\'s go receives the handoff', () => {
    const home = tempHome();
    const design = cliOk(home, ['task', 'add', 'Design API', '--json']).id;
    const impl = cliOk(home, ['task', 'add', 'Implement API', '--feeds-from', design, '--json']).id;
    const a = cliOk(home, ['task', 'go', '--agent', 'agent-a', '--json']);
    expect(a.task.id).toBe(design);
    expect(a.handoff).toEqual([]);
    // agent-a finishes without naming itself, as the protocol shows (its session differs from "agent-a").
    const done = cliOk(home, ['task', 'done', design, '--result', '{"schema": "users(id INT, name TEXT)"}', '--json'], { AGENTDAG_SESSION_ID: 'session-of-a' });
    expect(done.task.status).toBe('done');
    expect(done.task.agent_id).toBe('agent-a');
    expect(done.task.finished_by).toBe('session-of-a');
    expect(done.promoted).toEqual([impl]);
    const b = cliOk(home, ['task', 'go', '--agent', 'agent-b', '--json']);
    expect(b.task.id).toBe(impl);
    expect(b.handoff).toEqual([expect.objectContaining({ from: design, title: 'Design API', agent: 'agent-a', result: { schema: 'users(id INT, name TEXT)' } })]);
    const completed = cliOk(home, ['task', 'events', '--task', design, '--json']).find((e: { event_type: string }) => e.event_type === 'task_completed');
    expect(completed.agent_id).toBe('agent-a');
    expect(completed.payload.finished_by).toBe('session-of-a');
  });

  it('a different explicit agent is refused; the fix, run as printed, finishes it', () => {
    const home = tempHome();
    const id = cliOk(home, ['task', 'add', 'x', '--json']).id;
    cliOk(home, ['task', 'go', '--agent', 'agent-a']);
    const r = cli(home, ['task', 'done', id, '--agent', 'agent-b']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/running by agent-a/);
    const fixes = commandsIn(r.stderr.slice(r.stderr.indexOf('fix:')));
    expect(fixes).toContain(`agentdag task done ${id} --agent agent-a`);
    expect(fixes).toContain(`agentdag task done ${id} --force`);
    const ran = runPrinted(home, `agentdag task done ${id} --agent agent-a`);
    expect(ran.code, ran.stderr).toBe(0);
    expect(cliOk(home, ['task', 'show', id, '--json']).task.status).toBe('done');
  });
});

describe('every hint works as printed', () => {
  it('go → done → go, claim → start, fail → retry, in a named project', () => {
    const home = tempHome();
    const p = ['--project', 'proj-1'];
    const first = cliOk(home, ['task', 'add', 'first', ...p, '--json']).id;
    cliOk(home, ['task', 'add', 'second', ...p]);
    const go = cli(home, ['task', 'go', '--agent', 'agent-a', ...p]);
    const whenFinished = commandsIn(go.stdout.split('\n').find((l) => l.startsWith('when finished:'))!)[0];
    expect(whenFinished).toBe(`agentdag task done ${first} --result '{"summary": "…"}' --project proj-1`);
    const done = runPrinted(home, whenFinished);
    expect(done.code, done.stderr).toBe(0);
    const next = commandsIn(done.stdout.split('\n').find((l) => l.startsWith('next:'))!)[0];
    expect(next).toBe('agentdag task go --project proj-1');
    expect(runPrinted(home, next).stdout).toMatch(/second/);
    const third = cliOk(home, ['task', 'add', 'third', ...p, '--json']).id;
    const claimed = cli(home, ['task', 'claim', third, '--agent', 'builder', ...p]);
    const start = commandsIn(claimed.stdout)[0];
    expect(start).toBe(`agentdag task start ${third} --project proj-1 --agent builder`);
    expect(runPrinted(home, start).code).toBe(0);
    const failed = cli(home, ['task', 'fail', third, 'it broke', '--agent', 'builder', ...p]);
    const retry = commandsIn(failed.stdout)[0];
    expect(runPrinted(home, retry).stdout).toMatch(/ready again/);
  });

  it('refusal fixes: remove the blocking edge, break the cycle, force one more retry', () => {
    const home = tempHome();
    const a = cliOk(home, ['task', 'add', 'a', '--json']).id;
    const b = cliOk(home, ['task', 'add', 'b', '--after', a, '--json']).id;
    const cyc = cli(home, ['task', 'dep', 'add', b, a]);
    const breakIt = commandsIn(cyc.stderr)[0];
    expect(breakIt).toBe(`agentdag task dep rm ${a} ${b}`);
    const pending = cliOk(home, ['task', 'add', 'c', '--after', a, '--json']).id;
    const early = cli(home, ['task', 'done', pending]);
    const unblock = commandsIn(early.stderr)[0];
    expect(unblock).toBe(`agentdag task dep rm ${a} ${pending}`);
    expect(runPrinted(home, unblock).code).toBe(0);
    expect(runPrinted(home, breakIt).code).toBe(0);
    const flaky = cliOk(home, ['task', 'add', 'flaky', '--max-retries', '0', '--json']).id;
    cliOk(home, ['task', 'claim', flaky, '--agent', 'w']);
    cliOk(home, ['task', 'fail', flaky, 'no', '--agent', 'w']);
    const out = cli(home, ['task', 'retry', flaky]);
    const force = commandsIn(out.stderr)[0];
    expect(force).toBe(`agentdag task retry ${flaky} --force`);
    expect(runPrinted(home, force).code).toBe(0);
  });
});
