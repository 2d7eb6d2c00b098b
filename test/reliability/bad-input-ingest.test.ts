// The bad-input catalogue, ingest door (issue 13, "isolation per item"): one file, one task, one
// line is the unit of failure. Every row starts from a data dir holding good hook events, adds one
// bad input, runs the real `agentdag ingest` (every stage) as a process, and checks the documented
// outcome: the bad item is a reject (stored, with its reason) or skipped (named on stderr with the
// fix, exit 1); every good event is in the published warehouse; the next ingest goes on.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { appendJournal, cli, env as ingestEnv, envelopeLine, query, tempHome, type CliResult } from '../ingest/helpers';

const GOOD = 5;
const ALL = { AGENTDAG_INGEST_STEPS: undefined, AGENTDAG_SEGMENT_GRACE_MS: '0' } as NodeJS.ProcessEnv;
const isRoot = process.getuid?.() === 0;

function run(home: string, args: string[] = [], extra: NodeJS.ProcessEnv = {}): CliResult {
  // A bound on every run: a reader that waits on a FIFO would otherwise hang the test, not fail it.
  const r = spawnSync(process.execPath, [cli, ...args], { env: { ...ingestEnv(home, { ...ALL, ...extra }), CLAUDE_CONFIG_DIR: path.join(home, 'claude') }, encoding: 'utf8', timeout: 90_000 });
  return { code: r.status, signal: r.signal, stdout: r.stdout, stderr: r.stderr };
}
const ingest = (home: string, args: string[] = [], extra: NodeJS.ProcessEnv = {}) => run(home, ['ingest', '--json', ...args], extra);

/** A data dir with GOOD good events waiting in its journal. */
function goodHome(tag: string): string {
  const home = tempHome(`bad-ingest-${tag}`);
  let lines = '';
  for (let i = 0; i < GOOD; i++) lines += envelopeLine(`good-${i}`);
  appendJournal(home, lines);
  return home;
}

/** A hook envelope whose payload names `transcriptPath`. */
function namingTranscript(id: string, transcriptPath: string): string {
  const e = JSON.parse(envelopeLine(id));
  e.payload.transcript_path = transcriptPath;
  e.payload.session_id = 's-1';
  return JSON.stringify(e) + '\n';
}

/** Claude Code's projects folder of this data dir's test (CLAUDE_CONFIG_DIR=<home>/claude). */
function projectDir(home: string): string {
  const dir = path.join(home, 'claude', 'projects', '-home-dev-project');
  fs.mkdirSync(dir, { recursive: true });
  return dir;
}

async function goodEventsStored(home: string): Promise<void> {
  const rows = await query(home, "SELECT event_id FROM raw_hook_events WHERE event_id LIKE 'good-%' ORDER BY event_id");
  expect(rows.map((r) => r.event_id)).toEqual(Array.from({ length: GOOD }, (_, i) => `good-${i}`));
}

async function rejects(home: string): Promise<{ reason: string; detail: string | null; text: string }[]> {
  return (await query(home, 'SELECT reason, detail, text FROM raw_rejects ORDER BY byte_offset')) as never;
}

/** The summary ingest printed on stdout (--json), whatever its exit code. */
function summary(r: CliResult): Record<string, any> {
  return JSON.parse(r.stdout);
}

/** A task graph with three tasks (through the CLI), then `priority` forced onto the second, as an older agentdag without the CHECKs could store it. */
function graphWithBadPriority(home: string, priority: unknown): string[] {
  const ids = ['first', 'second', 'third'].map((t) => JSON.parse(run(home, ['task', 'add', t, '--json']).stdout).id as string);
  const db = new Database(path.join(home, 'tasks.sqlite'));
  db.pragma('ignore_check_constraints = ON');
  db.prepare('UPDATE tasks SET priority = ? WHERE id = ?').run(priority, ids[1]);
  db.close();
  return ids;
}

describe('ingest bad-input catalogue: the pipeline keeps publishing, nothing valid is lost', () => {
  describe('journal lines: a reject with its reason, the rest loads (exit 0: rejects are stored, not lost)', () => {
    const tsRows: [string, string][] = [
      ['"infinity"', 'infinity'],
      ['"-infinity"', '-infinity'],
      ['year 12026', '12026-01-01T00:00:00Z'],
      ['year 1969', '1969-12-31T23:59:59Z'],
      ['not a time', 'yesterday'],
    ];
    it.each(tsRows)('ts %s → bad_field', async (_name, ts) => {
      const home = goodHome('ts');
      appendJournal(home, JSON.stringify({ ...JSON.parse(envelopeLine('bad-ts')), ts }) + '\n');
      const r = ingest(home);
      expect(r.code, r.stderr).toBe(0);
      expect(summary(r)).toMatchObject({ rejected: 1, events_new: GOOD });
      await goodEventsStored(home);
      expect(await rejects(home)).toEqual([expect.objectContaining({ reason: 'bad_field', detail: expect.stringMatching(/^ts is (out of range|not a timestamp)/) })]);
      // Reports work on what was stored (a stored "infinity" made them fail on every later run).
      expect(run(home, ['report', 'sessions', '--json']).code).toBe(0);
      expect(run(home, ['report', 'usage-daily', '--json']).code).toBe(0);
    });

    it('a second line with a known id and different content → duplicate_id, naming where the first is; the same line twice goes quietly', async () => {
      const home = goodHome('dupid');
      const other = JSON.parse(envelopeLine('good-1'));
      other.payload.tool_input.command = 'something else';
      appendJournal(home, JSON.stringify(other) + '\n' + envelopeLine('good-2'));
      const r = ingest(home);
      expect(r.code, r.stderr).toBe(0);
      expect(summary(r)).toMatchObject({ rejected: 1, events_new: GOOD });
      await goodEventsStored(home);
      const [reject, ...more] = await rejects(home);
      expect(more).toEqual([]);
      expect(reject).toMatchObject({ reason: 'duplicate_id', detail: expect.stringMatching(/^event id good-1 is already stored for another event \(.* at byte \d+\): the first one is kept$/) });
      expect(reject.text).toContain('something else');
      // The kept one is the first.
      expect((await query(home, "SELECT payload->>'$.tool_input.command' AS c FROM raw_hook_events WHERE event_id = 'good-1'"))[0].c).toBe('x'.repeat(10));
      // In a later run too: the same id again with other content, from another file.
      appendJournal(home, JSON.stringify({ ...other, host: 'elsewhere' }) + '\n');
      expect(summary(ingest(home))).toMatchObject({ rejected: 1, events_new: 0 });
      expect((await rejects(home)).map((x) => x.reason)).toEqual(['duplicate_id', 'duplicate_id']);
    });
  });

  describe('transcripts named by a hook event: one file is the unit; skipped, named, exit 1', () => {
    const cases: [string, (home: string) => string, RegExp][] = [
      [
        'a directory',
        (home) => {
          const p = path.join(projectDir(home), 'dir.jsonl');
          fs.mkdirSync(p);
          return p;
        },
        /is a directory: only regular files are read/,
      ],
      [
        'a FIFO (ingest must not wait on it)',
        (home) => {
          const p = path.join(projectDir(home), 'fifo.jsonl');
          expect(spawnSync('mkfifo', [p]).status).toBe(0);
          return p;
        },
        /is a FIFO \(named pipe\): only regular files are read/,
      ],
      [
        'a secrets file outside any projects folder (~/.netrc)',
        (home) => {
          const p = path.join(home, 'outside', '.netrc');
          fs.mkdirSync(path.dirname(p), { recursive: true });
          fs.writeFileSync(p, 'machine example.com login me password netrcNotLoaded42\n');
          return p;
        },
        /a hook event named it as a transcript, but a transcript is a \.jsonl file: not read/,
      ],
      [
        'a .jsonl outside the projects folders',
        (home) => {
          const p = path.join(home, 'outside', 'notes.jsonl');
          fs.mkdirSync(path.dirname(p), { recursive: true });
          fs.writeFileSync(p, '{"type":"user","sessionId":"s","secretish":"outsideNotLoaded42"}\n');
          return p;
        },
        /it is not in a Claude Code projects folder/,
      ],
      [
        'a file in the projects folder that is not a transcript',
        (home) => {
          const p = path.join(projectDir(home), 'netrc.jsonl');
          fs.writeFileSync(p, 'machine example.com login me password notTranscript42\n');
          return p;
        },
        /its first line is not a Claude Code transcript line/,
      ],
    ];
    it.each(cases)('%s', async (_name, make, said) => {
      const home = goodHome('tp');
      const target = make(home);
      appendJournal(home, namingTranscript('names-it', target));
      const r = ingest(home);
      expect(r.signal, 'ingest hung').toBeNull();
      expect(r.code).toBe(1);
      expect(r.stderr).toContain(`skipped transcript ${target}`);
      expect(r.stderr).toMatch(said);
      expect(r.stderr).toMatch(/\n {2}fix: /);
      const s = summary(r);
      expect(s.published).toBe(path.join(home, 'warehouse.duckdb'));
      expect(s.skipped).toEqual([expect.objectContaining({ stage: 'transcripts', item: `transcript ${target}` })]);
      await goodEventsStored(home);
      expect(await query(home, "SELECT count(*) AS n FROM raw_hook_events WHERE event_id = 'names-it'")).toEqual([{ n: 1 }]);
      const all = JSON.stringify(await query(home, 'SELECT * FROM raw_transcript_lines')) + JSON.stringify(await query(home, 'SELECT * FROM raw_transcript_rejects'));
      expect(all).not.toMatch(/NotLoaded42|notTranscript42/);
      // Said once: a path that is not a transcript is dropped from the sources; the next run is clean.
      appendJournal(home, envelopeLine('later'));
      const again = ingest(home);
      expect(again.code, again.stderr).toBe(0);
      expect(summary(again)).toMatchObject({ events_new: 1, skipped: [] });
    });

    it.skipIf(isRoot)('an unreadable transcript (mode 000) → skipped with a warning naming it, every run until it can be read', async () => {
      const home = goodHome('unreadable');
      const p = path.join(projectDir(home), 'locked.jsonl');
      fs.writeFileSync(p, '{"type":"user","sessionId":"s-1"}\n');
      fs.chmodSync(p, 0);
      appendJournal(home, namingTranscript('names-it', p));
      const r = ingest(home);
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(/skipped transcript .*locked\.jsonl: it cannot be read \(EACCES\)/);
      await goodEventsStored(home);
      expect(ingest(home).code).toBe(1);
    });
  });

  describe('the task graph: one task, or the whole snapshot, is skipped; the journal and transcripts publish', () => {
    it.each([[3000000000], ['high'], [-5e12]])('a task with priority %s in an older tasks.sqlite → that task skipped, the others stored', async (priority) => {
      const home = goodHome('prio');
      const ids = graphWithBadPriority(home, priority);
      const r = ingest(home);
      expect(r.code).toBe(1);
      expect(r.stderr).toContain(`skipped task ${ids[1]}: its priority is ${JSON.stringify(String(priority))}`);
      expect(r.stderr).toContain(`agentdag task cancel ${ids[1]}`);
      expect(summary(r).published).toBe(path.join(home, 'warehouse.duckdb'));
      await goodEventsStored(home);
      expect((await query(home, 'SELECT task_id FROM raw_tg_tasks ORDER BY task_id')).map((t) => t.task_id)).toEqual([ids[0], ids[2]].sort());
      // The models were built and the reports answer.
      expect(run(home, ['report', 'sessions', '--json']).code).toBe(0);
    });

    it.each([
      ['random bytes', () => Buffer.from('this is not a database at all, just text '.repeat(200))],
      ['a truncated database', (home: string) => fs.readFileSync(path.join(home, 'tasks.sqlite')).subarray(0, 3000)],
    ])('a damaged tasks.sqlite (%s) → the snapshot skipped naming the file and the fix; the rest publishes', async (_name, bytes) => {
      const home = goodHome('tgdamaged');
      run(home, ['task', 'add', 'one', '--json']);
      run(home, ['task', 'list', '--json']); // checkpoint into the main file
      const data = bytes(home);
      for (const f of ['tasks.sqlite-wal', 'tasks.sqlite-shm']) fs.rmSync(path.join(home, f), { force: true });
      fs.writeFileSync(path.join(home, 'tasks.sqlite'), data);
      const r = ingest(home);
      expect(r.signal).toBeNull();
      expect(r.code).toBe(1);
      expect(r.stderr).toContain(`skipped task graph ${path.join(home, 'tasks.sqlite')}`);
      expect(r.stderr).toMatch(/fix: .*tasks\.sqlite/);
      expect(summary(r).published).toBe(path.join(home, 'warehouse.duckdb'));
      await goodEventsStored(home);
    });
  });

  describe('files around the journal', () => {
    it('journal copies a SIGKILLed ingest left in tmp/ are removed by the next run', async () => {
      const home = goodHome('killed');
      const killed = ingest(home, [], { AGENTDAG_CRASH_AT: 'journal-after-insert' });
      expect(killed.signal).toBe('SIGKILL');
      const tmp = path.join(home, 'tmp');
      fs.mkdirSync(tmp, { recursive: true });
      fs.writeFileSync(path.join(tmp, 'batch-12345-left-behind.jsonl'), envelopeLine('left').repeat(1000));
      const r = ingest(home);
      expect(r.code, r.stderr).toBe(0);
      await goodEventsStored(home);
      expect(fs.existsSync(tmp) ? fs.readdirSync(tmp, { recursive: true }).filter((f) => fs.statSync(path.join(tmp, String(f))).isFile()) : []).toEqual([]);
    });

    it.each([['journal/journal.old'], ['journal/2026-11-22.jsonl']])('a journal rotated by hand into %s is read, and `hooks status` stops counting it', async (name) => {
      const home = goodHome('handrot');
      fs.mkdirSync(path.join(home, 'journal'), { recursive: true, mode: 0o700 });
      fs.renameSync(path.join(home, 'journal.jsonl'), path.join(home, name));
      const before = JSON.parse(run(home, ['hooks', 'status', '--json']).stdout);
      expect(before.segments.count).toBe(1);
      const r = ingest(home);
      expect(r.code, r.stderr).toBe(0);
      await goodEventsStored(home);
      expect(JSON.parse(run(home, ['hooks', 'status', '--json']).stdout).segments.count).toBe(0);
    });

    it('--journal naming a directory → refused before anything runs, naming the fix', () => {
      const home = goodHome('jdir');
      const r = ingest(home, ['--journal', home]);
      expect(r.code).toBe(2);
      expect(r.stderr).toContain(`--journal ${home}: not a regular file`);
      expect(r.stderr).toContain('fix: pass the journal file itself');
    });

    // A tmpfs needs root (CAP_SYS_ADMIN); elsewhere the hook's /dev/full rows cover the write side.
    const canMount = isRoot && spawnSync('sh', ['-c', 'd=$(mktemp -d) && mount -t tmpfs -o size=1m tmpfs "$d" && umount "$d"']).status === 0;
    it.skipIf(!canMount)('a full disk during ingest → a clear error naming the fix; after freeing space, nothing is lost', async () => {
      const mnt = fs.mkdtempSync(path.join(os.tmpdir(), 'agentdag-full-'));
      expect(spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=64m', 'tmpfs', mnt]).status).toBe(0);
      try {
        const home = path.join(mnt, 'home');
        fs.mkdirSync(home, { mode: 0o700 });
        let lines = '';
        for (let i = 0; i < GOOD; i++) lines += envelopeLine(`good-${i}`);
        appendJournal(home, lines);
        // Fill the disk but for a few KiB: the warehouse cannot be created.
        spawnSync('dd', ['if=/dev/zero', `of=${path.join(mnt, 'filler')}`, 'bs=64k']);
        const r = ingest(home);
        expect(r.code).toBe(1);
        expect(r.stderr).toMatch(/no space left on the disk/);
        expect(r.stderr).toMatch(/fix: free some space \(df -h .*\), or move the data dir/);
        expect(r.stderr).not.toMatch(/FATAL|IO Error/);
        fs.rmSync(path.join(mnt, 'filler'));
        const after = ingest(home);
        expect(after.code, after.stderr).toBe(0);
        await goodEventsStored(home);
      } finally {
        spawnSync('umount', [mnt]);
        fs.rmSync(mnt, { recursive: true, force: true });
      }
    });
  });
});
