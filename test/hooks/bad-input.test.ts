// The hook never breaks Claude Code: whatever arrives on stdin and whatever state the data dir is
// in, it exits 0 with nothing on stdout, and leaves a short line in hook-errors.log when it can.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ensureBundled, HOOK, hookEnv, readLines, runHook, tempDir } from './helpers';

const dirs: string[] = [];
function dir(): string {
  const d = tempDir();
  dirs.push(d);
  return d;
}
beforeAll(() => ensureBundled());
afterEach(() => {
  for (const d of dirs.splice(0)) {
    spawnSync('umount', [path.join(d, 'small')], { stdio: 'ignore' });
    fs.chmodSync(d, 0o700);
    fs.rmSync(d, { recursive: true, force: true });
  }
});

const PAYLOAD = { session_id: 's-1', hook_event_name: 'PostToolUse', tool_name: 'Bash', tool_input: { command: 'ls' }, tool_use_id: 'toolu_01x' };

function errors(home: string): Record<string, unknown>[] {
  return readLines(path.join(home, 'hook-errors.log')).map((l) => JSON.parse(l));
}

function expectSilentSuccess(r: ReturnType<typeof runHook>): void {
  expect(r.status).toBe(0);
  expect(r.signal).toBe(null);
  expect(r.stdout.length).toBe(0);
}

describe('bad stdin', () => {
  const cases: [string, Buffer, string][] = [
    ['garbage', Buffer.from('this is not json {'), 'parse'],
    ['empty', Buffer.alloc(0), 'parse'],
    ['whitespace only', Buffer.from(' \n\t '), 'parse'],
    ['JSON that is not an object', Buffer.from('[1,2,3]'), 'parse'],
    ['truncated JSON', Buffer.from(JSON.stringify(PAYLOAD).slice(0, 40)), 'parse'],
    ['NUL bytes', Buffer.from('\u0000\u0000{"a":1}\u0000'), 'parse'],
  ];
  for (const [name, input, stage] of cases) {
    it(`${name}: exit 0, no stdout, no journal line, one error line`, () => {
      const home = dir();
      expectSilentSuccess(runHook(input, hookEnv(home)));
      expect(fs.existsSync(path.join(home, 'journal.jsonl'))).toBe(false);
      const errs = errors(home);
      expect(errs).toHaveLength(1);
      expect(errs[0].stage).toBe(stage);
      expect(errs[0].bytes).toBe(input.length);
    });
  }

  it('≥ 8 MB of garbage: exit 0, one error line that stays short', () => {
    const home = dir();
    const input = Buffer.alloc(9 << 20, 'x');
    expectSilentSuccess(runHook(input, hookEnv(home)));
    const raw = fs.readFileSync(path.join(home, 'hook-errors.log'), 'utf8');
    expect(raw.length).toBeLessThan(1000);
    expect(errors(home)[0].bytes).toBe(9 << 20);
  });

  it('≥ 8 MB valid payload: recorded, the big field capped to a short line', () => {
    const home = dir();
    const payload = { ...PAYLOAD, tool_response: { stdout: 'y'.repeat(9 << 20), stderr: '' } };
    expectSilentSuccess(runHook(JSON.stringify(payload), hookEnv(home)));
    const lines = readLines(path.join(home, 'journal.jsonl'));
    expect(lines).toHaveLength(1);
    expect(lines[0].length).toBeLessThan(20_000);
    const env = JSON.parse(lines[0]);
    expect(env.cut).toEqual([{ path: 'tool_response.stdout', length: 9 << 20 }]);
  });

  it('invalid UTF-8 inside a valid payload: the event is kept (U+FFFD), the decode is noted', () => {
    const home = dir();
    const json = JSON.stringify({ ...PAYLOAD, tool_response: { stdout: 'AB' } });
    const at = json.indexOf('AB');
    const input = Buffer.concat([Buffer.from(json.slice(0, at)), Buffer.from([0x41, 0xff, 0xfe, 0xc3]), Buffer.from(json.slice(at + 2))]);
    expectSilentSuccess(runHook(input, hookEnv(home)));
    const lines = readLines(path.join(home, 'journal.jsonl'));
    expect(lines).toHaveLength(1);
    const env = JSON.parse(lines[0]);
    expect(env.payload.tool_response.stdout).toBe('A\ufffd\ufffd\ufffd');
    expect(Buffer.from(lines[0], 'utf8').toString('utf8')).toBe(lines[0]); // the line itself is valid UTF-8
    const errs = errors(home);
    expect(errs).toHaveLength(1);
    expect(errs[0].stage).toBe('decode');
    expect(String(errs[0].error)).toContain(env.id);
  });

  it('invalid UTF-8 garbage: exit 0, an error line', () => {
    const home = dir();
    expectSilentSuccess(runHook(Buffer.from([0xff, 0xfe, 0xfd, 0x80, 0x00]), hookEnv(home)));
    expect(errors(home)).toHaveLength(1);
  });

  it('an error line never carries a secret from the input', () => {
    const home = dir();
    expectSilentSuccess(runHook('not json: AKIAIOSFODNN7EXAMPLE ghp_' + 'a'.repeat(36), hookEnv(home)));
    // Short garbage: V8 quotes the whole input in its JSON.parse error message.
    expectSilentSuccess(runHook('AKIAIOSFODNN7EXAMPLE', hookEnv(home)));
    const raw = fs.readFileSync(path.join(home, 'hook-errors.log'), 'utf8');
    expect(raw).not.toContain('AKIAIOSFODNN7EXAMPLE');
    expect(raw).not.toContain('a'.repeat(36));
    expect(raw).not.toContain('AKIA'); // not even a prefix: the input is described, never quoted
    // What was sent is still recognisable: its size and shape, and where parsing stopped.
    expect(errors(home).map((e) => [e.stage, e.error, e.input])).toEqual([
      ['parse', 'not valid JSON', '1 line, starts with a letter'],
      ['parse', 'not valid JSON', '1 line, starts with a letter'],
    ]);
  });

  it('stdin closed (no pipe at all): exit 0', () => {
    const home = dir();
    const r = spawnSync(process.execPath, [HOOK], { env: hookEnv(home), stdio: ['ignore', 'pipe', 'pipe'] });
    expect(r.status).toBe(0);
    expect(r.stdout.length).toBe(0);
  });
});

describe('data dir that cannot take the line', () => {
  it('data dir path runs through a regular file (ENOTDIR): exit 0, nothing written anywhere', () => {
    const home = dir();
    fs.writeFileSync(path.join(home, 'file'), 'x');
    const r = runHook(JSON.stringify(PAYLOAD), hookEnv(path.join(home, 'file', 'data')));
    expectSilentSuccess(r);
    expect(r.stderr.length).toBe(0);
  });

  it('journal path is a directory (EISDIR): exit 0, the error is logged', () => {
    const home = dir();
    fs.mkdirSync(path.join(home, 'journal.jsonl'));
    expectSilentSuccess(runHook(JSON.stringify(PAYLOAD), hookEnv(home)));
    const errs = errors(home);
    expect(errs).toHaveLength(1);
    expect(errs[0].stage).toBe('write');
    expect(String(errs[0].error)).toMatch(/EISDIR/);
  });

  it('read-only data dir for a non-root user: exit 0, no crash', () => {
    if (process.getuid?.() !== 0) return; // needs root to switch to "nobody"; the cases above cover the rest
    const home = dir();
    fs.chmodSync(home, 0o755);
    const data = path.join(home, 'data');
    fs.mkdirSync(data, { mode: 0o555 });
    fs.chmodSync(data, 0o555);
    const r = spawnSync('setpriv', ['--reuid=65534', '--regid=65534', '--clear-groups', process.execPath, HOOK], {
      input: JSON.stringify(PAYLOAD),
      env: hookEnv(data),
    });
    expect(r.status).toBe(0);
    expect(r.stdout.length).toBe(0);
    expect(fs.readdirSync(data)).toEqual([]);
  });

  it('journal symlinked elsewhere (here /dev/full): refused, not followed; exit 0, the refusal is logged', () => {
    const home = dir();
    fs.symlinkSync('/dev/full', path.join(home, 'journal.jsonl'));
    expectSilentSuccess(runHook(JSON.stringify(PAYLOAD), hookEnv(home)));
    const errs = errors(home);
    expect(errs).toHaveLength(1);
    expect(String(errs[0].error)).toMatch(/journal\.jsonl is a symbolic link: refused/);
  });

  it('disk full, a 64 KiB tmpfs filled up (ENOSPC): exit 0 on every call, no torn line left behind', () => {
    const home = dir();
    const small = path.join(home, 'small');
    fs.mkdirSync(small);
    if (spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=64k,mode=0700', 'tmpfs', small]).status !== 0) return; // not root: /dev/full case above
    const payload = { ...PAYLOAD, tool_response: { stdout: 'z'.repeat(6000) } };
    for (let i = 0; i < 20; i++) expectSilentSuccess(runHook(JSON.stringify(payload), hookEnv(small)));
    const text = fs.readFileSync(path.join(small, 'journal.jsonl'), 'utf8');
    const lines = text.split('\n');
    expect(lines.pop()).toBe(''); // the file ends with a newline: no partial line was appended
    expect(lines.length).toBeGreaterThan(3);
    expect(lines.length).toBeLessThan(20);
    for (const l of lines) expect(JSON.parse(l).event).toBe('PostToolUse');
  });
});

describe('file modes', () => {
  it('the hook creates the data dir 0700 and the journal and error log 0600, whatever the umask', () => {
    const root = dir();
    const home = path.join(root, 'fresh', 'data');
    const r = spawnSync('/bin/sh', ['-c', `umask 000; exec "${process.execPath}" "${HOOK}"`], { input: JSON.stringify(PAYLOAD), env: hookEnv(home) });
    expect(r.status).toBe(0);
    runHook('garbage', hookEnv(home));
    expect(fs.statSync(home).mode & 0o777).toBe(0o700);
    expect(fs.statSync(path.join(home, 'journal.jsonl')).mode & 0o777).toBe(0o600);
    expect(fs.statSync(path.join(home, 'hook-errors.log')).mode & 0o777).toBe(0o600);
  });
});
