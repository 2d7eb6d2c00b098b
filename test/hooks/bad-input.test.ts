// The hook door's bad-input catalogue (README, Reliability): one row per input or state of the
// data dir. Whatever arrives, the real compiled hook exits 0 with nothing on stdout (Claude Code
// must never notice), every valid payload is recorded, and every refusal or failure leaves one
// short line in hook-errors.log that describes the input and never quotes it.
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { CLI, ensureBundled, HOOK, hookEnv, readLines, tempDir } from './helpers';

const dirs: string[] = [];
beforeAll(() => ensureBundled());
afterEach(() => {
  for (const d of dirs.splice(0)) {
    spawnSync('umount', [path.join(d, 'small')], { stdio: 'ignore' });
    spawnSync('chown', ['-R', `${process.getuid?.() ?? 0}`, d], { stdio: 'ignore' });
    fs.chmodSync(d, 0o700);
    fs.rmSync(d, { recursive: true, force: true });
  }
});

const PAYLOAD = { session_id: 's-1', hook_event_name: 'PostToolUse', tool_name: 'Bash', tool_input: { command: 'ls' }, tool_use_id: 'toolu_01x' };
const IS_ROOT = process.getuid?.() === 0;
/** The hook's own stdin deadline, short here so that rows with a stdin that never closes are quick. */
const STDIN_TIMEOUT_MS = 400;

/** Depth and leaf of a value built by nestedJson, walked without recursion (toEqual would overflow). */
function bottom(v: unknown): { depth: number; leaf: unknown } {
  let depth = 0;
  while (v !== null && typeof v === 'object') {
    v = Array.isArray(v) ? v[0] : (v as { a: unknown }).a;
    depth++;
  }
  return { depth, leaf: v };
}
function nestedJson(depth: number, leafJson: string): string {
  let open = '';
  let close = '';
  for (let i = depth - 1; i >= 0; i--) {
    open += i % 2 ? '[' : '{"a":';
    close = (i % 2 ? ']' : '}') + close;
  }
  return open + leafJson + close;
}

interface Run {
  status: number | null;
  signal: NodeJS.Signals | null;
  stdout: Buffer;
  elapsedMs: number;
}

/** The hook as Claude Code runs it: stdin a socket, written and then closed, or left open. */
function runHook(input: Buffer, env: NodeJS.ProcessEnv, closeStdin: boolean): Promise<Run> {
  return new Promise((resolve, reject) => {
    const t0 = Date.now();
    const child = spawn(process.execPath, [HOOK], { env, stdio: ['pipe', 'pipe', 'ignore'] });
    const out: Buffer[] = [];
    child.stdout.on('data', (d: Buffer) => out.push(d));
    child.on('error', reject);
    child.on('close', (status, signal) => resolve({ status, signal, stdout: Buffer.concat(out), elapsedMs: Date.now() - t0 }));
    child.stdin.on('error', () => {});
    if (closeStdin) child.stdin.end(input);
    else child.stdin.write(input);
  });
}

interface Row {
  input: string;
  /** The documented outcome, as the README's table words it. */
  outcome: string;
  stdin: Buffer | string | ((home: string) => Buffer | string);
  /** Prepare the data dir; may return the data dir the hook is pointed at (default: home). */
  setup?: (home: string) => string | void;
  /** Leave stdin open after writing (a parent that never closes it). */
  open?: boolean;
  needsRoot?: boolean;
  journalLines: number;
  /** Stages of the hook-errors.log lines, in order. */
  errors: string[];
  check?: (home: string, data: string, run: Run) => void | Promise<void>;
}

const journalOf = (data: string) => {
  const file = path.join(data, 'journal.jsonl');
  return fs.existsSync(file) && fs.lstatSync(file).isFile() ? readLines(file) : [];
};
/** The error log's lines; none when it is not a regular file (a planted symlink is never read through). */
const errorsOf = (data: string) => {
  const file = path.join(data, 'hook-errors.log');
  if (!fs.existsSync(file) || !fs.lstatSync(file).isFile()) return [];
  return readLines(file).map((l) => JSON.parse(l) as Record<string, unknown>);
};
const secretFree = (text: string) => {
  expect(text).not.toContain('AKIAIOSFODNN7EXAMPLE');
  expect(text).not.toContain('AKIA');
  expect(text).not.toContain('a'.repeat(36));
};

const ROWS: Row[] = [
  { input: 'garbage', outcome: 'one error line', stdin: 'this is not json {', journalLines: 0, errors: ['parse'] },
  { input: 'empty stdin', outcome: 'one error line', stdin: '', journalLines: 0, errors: ['parse'] },
  { input: 'whitespace only', outcome: 'one error line', stdin: ' \n\t ', journalLines: 0, errors: ['parse'] },
  { input: 'JSON that is not an object', outcome: 'one error line', stdin: '[1,2,3]', journalLines: 0, errors: ['parse'] },
  { input: 'truncated JSON', outcome: 'one error line', stdin: JSON.stringify(PAYLOAD).slice(0, 40), journalLines: 0, errors: ['parse'] },
  { input: 'NUL bytes', outcome: 'one error line', stdin: '\u0000\u0000{"a":1}\u0000', journalLines: 0, errors: ['parse'] },
  {
    input: '≥ 8 MB of garbage',
    outcome: 'one short error line',
    stdin: Buffer.alloc(9 << 20, 'x'),
    journalLines: 0,
    errors: ['parse'],
    check: (_h, data) => {
      expect(fs.readFileSync(path.join(data, 'hook-errors.log'), 'utf8').length).toBeLessThan(1000);
      expect(errorsOf(data)[0].bytes).toBe(9 << 20);
    },
  },
  {
    input: '≥ 8 MB valid payload',
    outcome: 'recorded, the big field capped',
    stdin: JSON.stringify({ ...PAYLOAD, tool_response: { stdout: 'y'.repeat(9 << 20), stderr: '' } }),
    journalLines: 1,
    errors: [],
    check: (_h, data) => {
      const [line] = journalOf(data);
      expect(line.length).toBeLessThan(20_000);
      expect(JSON.parse(line).cut).toEqual([{ path: 'tool_response.stdout', length: 9 << 20 }]);
    },
  },
  {
    input: 'invalid UTF-8 inside a valid payload',
    outcome: 'recorded with U+FFFD, the decode noted',
    stdin: (() => {
      const json = JSON.stringify({ ...PAYLOAD, tool_response: { stdout: 'AB' } });
      const at = json.indexOf('AB');
      return Buffer.concat([Buffer.from(json.slice(0, at)), Buffer.from([0x41, 0xff, 0xfe, 0xc3]), Buffer.from(json.slice(at + 2))]);
    })(),
    journalLines: 1,
    errors: ['decode'],
    check: (_h, data) => {
      const [line] = journalOf(data);
      const env = JSON.parse(line);
      expect(env.payload.tool_response.stdout).toBe('A\ufffd\ufffd\ufffd');
      expect(Buffer.from(line, 'utf8').toString('utf8')).toBe(line);
      expect(String(errorsOf(data)[0].error)).toContain(env.id);
    },
  },
  { input: 'invalid UTF-8 garbage', outcome: 'one error line', stdin: Buffer.from([0xff, 0xfe, 0xfd, 0x80, 0x00]), journalLines: 0, errors: ['parse'] },
  {
    input: 'garbage holding secrets (short: V8 quotes it whole in its message)',
    outcome: 'described (lines, first character), never quoted',
    stdin: 'AKIAIOSFODNN7EXAMPLE',
    journalLines: 0,
    errors: ['parse'],
    check: (_h, data) => {
      secretFree(fs.readFileSync(path.join(data, 'hook-errors.log'), 'utf8'));
      expect(errorsOf(data).map((e) => [e.error, e.input])).toEqual([['not valid JSON', '1 line, starts with a letter']]);
    },
  },
  {
    input: 'garbage holding secrets (long, a token across the old 120-character head)',
    outcome: 'described, never quoted',
    stdin: 'x'.repeat(110) + ' AKIAIOSFODNN7EXAMPLE ghp_' + 'a'.repeat(36) + '\nsecond line',
    journalLines: 0,
    errors: ['parse'],
    check: (_h, data) => {
      secretFree(fs.readFileSync(path.join(data, 'hook-errors.log'), 'utf8'));
      expect(errorsOf(data)[0].input).toBe('2 lines, starts with a letter');
    },
  },
  {
    input: 'stdin left open, nothing sent',
    outcome: 'exits at its own deadline, the timeout logged',
    stdin: '',
    open: true,
    journalLines: 0,
    errors: ['read'],
    check: (_h, data, run) => {
      expect(String(errorsOf(data)[0].error)).toMatch(/stdin still open after 400 ms.*nothing received: event lost/);
      expect(run.elapsedMs).toBeGreaterThanOrEqual(STDIN_TIMEOUT_MS);
    },
  },
  {
    input: 'stdin left open after a whole payload',
    outcome: 'recorded at the deadline, the timeout logged',
    stdin: JSON.stringify(PAYLOAD),
    open: true,
    journalLines: 1,
    errors: ['read'],
    check: (_h, data) => {
      const env = JSON.parse(journalOf(data)[0]);
      expect(env.payload).toEqual(PAYLOAD);
      expect(String(errorsOf(data)[0].error)).toContain(`event ${env.id} recorded`);
    },
  },
  {
    input: 'stdin left open after half a payload',
    outcome: 'the timeout logged with the bytes received',
    stdin: JSON.stringify(PAYLOAD).slice(0, 30),
    open: true,
    journalLines: 0,
    errors: ['read'],
    check: (_h, data) => expect(String(errorsOf(data)[0].error)).toMatch(/30 bytes received, not a whole payload: event lost/),
  },
  {
    input: 'payload nested 5,000 levels deep (past JSON.stringify\'s limit)',
    outcome: 'recorded whole',
    stdin: JSON.stringify({ ...PAYLOAD, tool_input: { deep: 0 } }).replace('"deep":0', `"deep":${nestedJson(5000, '"bottom"')}`),
    journalLines: 1,
    errors: [],
    check: (_h, data) => expect(bottom(JSON.parse(journalOf(data)[0]).payload.tool_input.deep)).toEqual({ depth: 5000, leaf: 'bottom' }),
  },
  {
    input: 'payload nested 100,000 levels deep, a secret at the bottom',
    outcome: 'recorded whole, the secret redacted',
    stdin: JSON.stringify({ ...PAYLOAD, tool_input: { deep: 0 } }).replace('"deep":0', `"deep":${nestedJson(100_000, '"key AKIAIOSFODNN7EXAMPLE"')}`),
    journalLines: 1,
    errors: [],
    check: (_h, data) => {
      const line = journalOf(data)[0];
      secretFree(line);
      expect(bottom(JSON.parse(line).payload.tool_input.deep)).toEqual({ depth: 100_000, leaf: 'key [REDACTED:aws_access_key]' });
    },
  },
  {
    input: 'a secret used as an object key',
    outcome: 'recorded, the key redacted (in the paths of `redacted` too)',
    stdin: JSON.stringify({ ...PAYLOAD, tool_input: { env: { AKIAIOSFODNN7EXAMPLE: 'x', ['ghp_' + 'a'.repeat(36)]: 'y' } } }),
    journalLines: 1,
    errors: [],
    check: (_h, data) => {
      const line = journalOf(data)[0];
      secretFree(line);
      const env = JSON.parse(line);
      expect(env.payload.tool_input.env).toEqual({ '[REDACTED:aws_access_key]': 'x', '[REDACTED:github_token]': 'y' });
    },
  },
  {
    input: 'a "__proto__" key',
    outcome: 'recorded as a plain field',
    stdin: '{"hook_event_name":"PostToolUse","__proto__":{"polluted":"AKIAIOSFODNN7EXAMPLE"}}',
    journalLines: 1,
    errors: [],
    check: (_h, data) => {
      const line = journalOf(data)[0];
      secretFree(line);
      expect(Object.keys(JSON.parse(line).payload)).toContain('__proto__');
    },
  },
  {
    input: 'stdin closed (no pipe at all)',
    outcome: 'exit 0, one error line',
    stdin: '',
    journalLines: 0,
    errors: ['parse'],
  },
  {
    input: 'data dir path runs through a regular file (ENOTDIR)',
    outcome: 'exit 0, nothing written anywhere',
    stdin: JSON.stringify(PAYLOAD),
    setup: (home) => {
      fs.writeFileSync(path.join(home, 'file'), 'x');
      return path.join(home, 'file', 'data');
    },
    journalLines: 0,
    errors: [],
    check: (home) => expect(fs.readdirSync(home)).toEqual(['file']),
  },
  {
    input: 'journal path is a directory (EISDIR)',
    outcome: 'refused, logged',
    stdin: JSON.stringify(PAYLOAD),
    setup: (home) => void fs.mkdirSync(path.join(home, 'journal.jsonl')),
    journalLines: 0,
    errors: ['write'],
    check: (_h, data) => expect(String(errorsOf(data)[0].error)).toMatch(/EISDIR/),
  },
  {
    input: 'read-only data dir, hook run by another user',
    outcome: 'exit 0, nothing written',
    stdin: JSON.stringify(PAYLOAD),
    needsRoot: true,
    setup: (home) => {
      fs.chmodSync(home, 0o755);
      const data = path.join(home, 'data');
      fs.mkdirSync(data, { mode: 0o555 });
      fs.chmodSync(data, 0o555);
      return data;
    },
    journalLines: 0,
    errors: [],
    check: (_h, data) => expect(fs.readdirSync(data)).toEqual([]),
  },
  {
    input: 'journal symlinked to /dev/full',
    outcome: 'refused (O_NOFOLLOW), logged',
    stdin: JSON.stringify(PAYLOAD),
    setup: (home) => fs.symlinkSync('/dev/full', path.join(home, 'journal.jsonl')),
    journalLines: 0,
    errors: ['write'],
    check: (_h, data) => expect(String(errorsOf(data)[0].error)).toMatch(/journal\.jsonl is a symbolic link: refused/),
  },
  {
    input: 'journal symlinked to another file',
    outcome: 'refused, the target untouched',
    stdin: JSON.stringify(PAYLOAD),
    setup: (home) => {
      fs.writeFileSync(path.join(home, 'target'), 'precious\n');
      fs.symlinkSync(path.join(home, 'target'), path.join(home, 'journal.jsonl'));
    },
    journalLines: 0,
    errors: ['write'],
    check: (home) => expect(fs.readFileSync(path.join(home, 'target'), 'utf8')).toBe('precious\n'),
  },
  {
    input: 'hook-errors.log symlinked to another file, garbage on stdin',
    outcome: 'nothing written through the link',
    stdin: 'garbage',
    setup: (home) => {
      fs.writeFileSync(path.join(home, 'target'), 'precious\n');
      fs.symlinkSync(path.join(home, 'target'), path.join(home, 'hook-errors.log'));
    },
    journalLines: 0,
    errors: [],
    check: (home) => {
      expect(fs.readFileSync(path.join(home, 'target'), 'utf8')).toBe('precious\n');
      expect(fs.lstatSync(path.join(home, 'hook-errors.log')).isSymbolicLink()).toBe(true);
    },
  },
  {
    input: 'journal writable by group and others (0666)',
    outcome: 'refused, logged with the chmod fix',
    stdin: JSON.stringify(PAYLOAD),
    setup: (home) => {
      fs.writeFileSync(path.join(home, 'journal.jsonl'), '');
      fs.chmodSync(path.join(home, 'journal.jsonl'), 0o666);
    },
    journalLines: 0,
    errors: ['write'],
    check: (_h, data) => expect(String(errorsOf(data)[0].error)).toMatch(/is writable by group and others \(mode 666\): refused \(fix: chmod 600 /),
  },
  {
    input: "journal owned by another user",
    outcome: 'refused, logged',
    stdin: JSON.stringify(PAYLOAD),
    needsRoot: true,
    setup: (home) => {
      fs.writeFileSync(path.join(home, 'journal.jsonl'), '', { mode: 0o600 });
      fs.chownSync(path.join(home, 'journal.jsonl'), 65534, 65534);
    },
    journalLines: 0,
    errors: ['write'],
    check: (_h, data) => expect(String(errorsOf(data)[0].error)).toMatch(/is owned by uid 65534, not by you/),
  },
  {
    input: 'data dir writable by others (0777)',
    outcome: 'refused, logged; `hooks status` and `ingest` warn',
    stdin: JSON.stringify(PAYLOAD),
    setup: (home) => fs.chmodSync(home, 0o777),
    journalLines: 0,
    errors: ['trust'],
    check: (home, data) => {
      expect(String(errorsOf(data)[0].error)).toMatch(/data dir .* is writable by group and others \(mode 777\): refused, event lost \(fix: chmod 700 /);
      const env = { ...hookEnv(home), AGENTDAG_INGEST_STEPS: 'journal' };
      const status = spawnSync(process.execPath, [CLI, 'hooks', 'status'], { env, encoding: 'utf8' });
      expect(status.stdout).toMatch(/WARNING  data dir .* is writable by group and others \(mode 777\): the hook refuses to write there.*fix: chmod 700/);
      const ingest = spawnSync(process.execPath, [CLI, 'ingest'], { env, encoding: 'utf8' });
      expect(ingest.stderr).toMatch(/agentdag: warning: data dir .* is writable by group and others/);
    },
  },
  {
    input: 'data dir owned by another user',
    outcome: 'refused, logged',
    stdin: JSON.stringify(PAYLOAD),
    needsRoot: true,
    setup: (home) => fs.chownSync(home, 65534, 65534),
    journalLines: 0,
    errors: ['trust'],
    check: (_h, data) => expect(String(errorsOf(data)[0].error)).toMatch(/is owned by uid 65534, not by you .*set AGENTDAG_HOME to a directory of your own/),
  },
  {
    input: 'disk full: a 64 KiB tmpfs filled by 20 calls',
    outcome: 'exit 0 every call, no torn line left behind',
    stdin: JSON.stringify({ ...PAYLOAD, tool_response: { stdout: 'z'.repeat(6000) } }),
    needsRoot: true,
    setup: (home) => {
      const small = path.join(home, 'small');
      fs.mkdirSync(small);
      expect(spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=64k,mode=0700', 'tmpfs', small]).status).toBe(0);
      return small;
    },
    // The first call is the table's; 19 more fill the disk.
    journalLines: 1,
    errors: [],
    check: async (home, data) => {
      for (let i = 0; i < 19; i++) {
        const r = await runHook(Buffer.from(JSON.stringify({ ...PAYLOAD, tool_response: { stdout: 'z'.repeat(6000) } })), hookEnv(data), true);
        expect(r.status).toBe(0);
        expect(r.stdout.length).toBe(0);
      }
      const lines = fs.readFileSync(path.join(data, 'journal.jsonl'), 'utf8').split('\n');
      expect(lines.pop()).toBe(''); // the file ends with a newline: no partial line was appended
      expect(lines.length).toBeGreaterThan(3);
      expect(lines.length).toBeLessThan(20);
      for (const l of lines) expect(JSON.parse(l).event).toBe('PostToolUse');
      expect(home).toBeTruthy();
    },
  },
];

describe('hook door: bad-input catalogue', () => {
  it('has the rows the README counts', () => {
    expect(ROWS.length).toBe(31);
  });

  for (const row of ROWS) {
    it(`${row.input}: ${row.outcome}`, async () => {
      if (row.needsRoot && !IS_ROOT) return; // switching users, chown and mount need root; CI runs as root
      const home = tempDir();
      dirs.push(home);
      const data = row.setup?.(home) || home;
      const env = hookEnv(data, { AGENTDAG_HOOK_STDIN_TIMEOUT_MS: String(STDIN_TIMEOUT_MS) });
      const stdin = typeof row.stdin === 'function' ? row.stdin(home) : row.stdin;
      let run: Run;
      if (row.input.startsWith('stdin closed')) {
        const t0 = Date.now();
        const r = spawnSync(process.execPath, [HOOK], { env, stdio: ['ignore', 'pipe', 'pipe'] });
        run = { status: r.status, signal: r.signal, stdout: r.stdout, elapsedMs: Date.now() - t0 };
      } else if (row.input.startsWith('read-only data dir')) {
        const t0 = Date.now();
        const r = spawnSync('setpriv', ['--reuid=65534', '--regid=65534', '--clear-groups', process.execPath, HOOK], { input: stdin, env });
        run = { status: r.status, signal: r.signal, stdout: r.stdout, elapsedMs: Date.now() - t0 };
      } else run = await runHook(Buffer.from(stdin), env, !row.open);
      expect(run.status).toBe(0);
      expect(run.signal).toBe(null);
      expect(run.stdout.length).toBe(0);
      expect(journalOf(data)).toHaveLength(row.journalLines);
      const errs = errorsOf(data);
      expect(errs.map((e) => e.stage)).toEqual(row.errors);
      for (const e of errs) expect(e.bytes).toBe(Buffer.byteLength(stdin));
      await row.check?.(home, data, run);
    });
  }

  it('creates the data dir 0700 and the journal and error log 0600, whatever the umask', () => {
    const root = tempDir();
    dirs.push(root);
    const home = path.join(root, 'fresh', 'data');
    const r = spawnSync('/bin/sh', ['-c', `umask 000; exec "${process.execPath}" "${HOOK}"`], { input: JSON.stringify(PAYLOAD), env: hookEnv(home) });
    expect(r.status).toBe(0);
    spawnSync(process.execPath, [HOOK], { input: 'garbage', env: hookEnv(home) });
    expect(fs.statSync(home).mode & 0o777).toBe(0o700);
    expect(fs.statSync(path.join(home, 'journal.jsonl')).mode & 0o777).toBe(0o600);
    expect(fs.statSync(path.join(home, 'hook-errors.log')).mode & 0o777).toBe(0o600);
  });
});
