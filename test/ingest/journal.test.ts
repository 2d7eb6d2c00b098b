// The journal stage end to end, through the real CLI: idempotence, bad and partial lines, huge
// lines, invalid UTF-8 and NUL bytes, late writers, segment retirement, journals from two hosts.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { appendJournal, cli, count, env, envelopeLine, ingest, ingestJson, journalSnapshot, query, tempHome } from './helpers';

const NO_GRACE = { AGENTDAG_SEGMENT_GRACE_MS: '0' };

function lines(prefix: string, n: number, opts: Parameters<typeof envelopeLine>[1] = {}): string {
  let s = '';
  for (let i = 0; i < n; i++) s += envelopeLine(`${prefix}-${i}`, opts);
  return s;
}

describe('agentdag ingest: journal', () => {
  it('ingesting twice stores every event once, and a second run changes nothing', async () => {
    const home = tempHome();
    appendJournal(home, lines('a', 300));
    const first = ingestJson(home, [], NO_GRACE);
    expect(first).toMatchObject({ events_read: 300, events_new: 300, events_duplicate: 0, rejected: 0 });
    const snap = await journalSnapshot(home);
    const second = ingestJson(home, [], NO_GRACE);
    expect(second).toMatchObject({ events_read: 0, events_new: 0, published: null });
    expect(await journalSnapshot(home)).toEqual(snap);
    expect(await count(home, 'raw_hook_events')).toBe(300);
    // The consumed segment is gone (grace 0), the journal was rotated away.
    expect(fs.readdirSync(path.join(home, 'journal')).filter((f) => f.endsWith('.jsonl'))).toEqual([]);
    expect(fs.existsSync(path.join(home, 'journal.jsonl'))).toBe(false);
  });

  it('stores a line seen twice once, counting the second as a duplicate (same file and a re-appended copy)', async () => {
    const home = tempHome();
    const block = lines('d', 50);
    appendJournal(home, block + block); // the same 50 lines twice in one segment
    expect(ingestJson(home, [], NO_GRACE)).toMatchObject({ events_read: 100, events_new: 50, events_duplicate: 50 });
    appendJournal(home, block); // and again in the next segment
    expect(ingestJson(home, [], NO_GRACE)).toMatchObject({ events_read: 50, events_new: 0, events_duplicate: 50 });
    const rows = await query(home, 'SELECT min(byte_offset) AS lo, max(byte_offset) AS hi, count(DISTINCT event_id) AS ids FROM raw_hook_events');
    // The first occurrence is the one kept: offsets all inside the first copy.
    expect(rows[0]).toMatchObject({ lo: 0, ids: 50 });
    expect(Number(rows[0].hi)).toBeLessThan(Buffer.byteLength(block));
  });

  it('keeps malformed, partial, non-object, id-less, invalid UTF-8 and NUL lines in raw_rejects with the reason', async () => {
    const home = tempHome();
    const good = lines('g', 5);
    const bad = Buffer.concat([
      Buffer.from('{"v":1,"id":"torn","payload":{"x":"abc\n'), // torn mid-string
      Buffer.from('\n'), // empty line
      Buffer.from('[1,2,3]\n'),
      Buffer.from('{"v":1,"payload":{}}\n'), // no id
      Buffer.from('{"v":1,"id":42}\n'), // id not a string
      Buffer.from('{"v":1,"id":"badts","ts":"yesterday"}\n'),
      Buffer.from('{"v":1,"id":"dup","id":"dup2"}\n'), // JSON.parse takes it, DuckDB does not
      Buffer.concat([Buffer.from('{"v":1,"id":"utf8","payload":{"s":"'), Buffer.from([0xff, 0xfe]), Buffer.from('"}}\n')]),
      Buffer.concat([Buffer.from('{"v":1,"id":"nul"}'), Buffer.from([0, 0, 0]), Buffer.from('\n')]),
    ]);
    appendJournal(home, good);
    appendJournal(home, bad);
    appendJournal(home, lines('h', 5));
    appendJournal(home, '{"v":1,"id":"partial","payl'); // the writer's last line, no newline
    const r = ingestJson(home, [], NO_GRACE);
    expect(r).toMatchObject({ events_new: 10, rejected: 10, events_read: 20 });
    const rejects = await query(home, 'SELECT reason, text, bytes, byte_offset, byte_length FROM raw_rejects ORDER BY byte_offset');
    expect(rejects.map((x) => x.reason)).toEqual([
      'malformed_json',
      'empty_line',
      'not_an_object',
      'missing_id',
      'missing_id',
      'bad_field',
      'malformed_json',
      'invalid_utf8',
      'nul_bytes',
      'partial_line',
    ]);
    // Every reject's exact bytes are recoverable: text when it is faithful, bytes otherwise.
    const journalBytes = Buffer.concat([Buffer.from(good), bad, Buffer.from(lines('h', 0))]);
    for (const x of rejects) {
      const exact = x.bytes ? Buffer.from(x.bytes as Uint8Array) : Buffer.from(String(x.text));
      expect(exact.length).toBe(x.byte_length);
      if (Number(x.byte_offset) < journalBytes.length) {
        expect(exact.equals(journalBytes.subarray(Number(x.byte_offset), Number(x.byte_offset) + exact.length))).toBe(true);
      }
    }
    expect(rejects.at(-1)!.text).toBe('{"v":1,"id":"partial","payl');
    const ids = (await query(home, 'SELECT event_id FROM raw_hook_events ORDER BY event_id')).map((x) => x.event_id);
    expect(ids).toEqual([...Array.from({ length: 5 }, (_, i) => `g-${i}`), ...Array.from({ length: 5 }, (_, i) => `h-${i}`)].sort());
    // Idempotent on rejects as well.
    expect(ingestJson(home, [], NO_GRACE)).toMatchObject({ rejected: 0, events_read: 0 });
    expect(await count(home, 'raw_rejects')).toBe(10);
  });

  it('leaves a partial last line for the next run while the segment is fresh, and reads lines that land late', async () => {
    const home = tempHome();
    appendJournal(home, lines('p', 3) + '{"v":1,"id":"late-1",');
    const first = ingestJson(home, [], { AGENTDAG_SEGMENT_GRACE_MS: '60000' });
    expect(first).toMatchObject({ events_new: 3, rejected: 0 });
    // A hook that opened the journal before the rename finishes its line in the segment.
    const seg = fs.readdirSync(path.join(home, 'journal')).filter((f) => f.endsWith('.jsonl'));
    expect(seg).toHaveLength(1);
    fs.appendFileSync(path.join(home, 'journal', seg[0]), '"payload":{}}\n' + envelopeLine('late-2'));
    const second = ingestJson(home, [], { AGENTDAG_SEGMENT_GRACE_MS: '60000' });
    expect(second).toMatchObject({ events_new: 2, rejected: 0, events_read: 2 });
    // Not deleted within the grace period; deleted once it has passed.
    expect(fs.existsSync(path.join(home, 'journal', seg[0]))).toBe(true);
    const third = ingestJson(home, [], NO_GRACE);
    expect(third.journal.segments_deleted).toBe(1);
    expect(fs.existsSync(path.join(home, 'journal', seg[0]))).toBe(false);
    expect((await query(home, `SELECT count(*) AS n FROM raw_hook_events WHERE event_id LIKE 'late-%'`))[0].n).toBe(2);
  });

  it('--keep-segments moves consumed segments to journal/archive/', () => {
    const home = tempHome();
    appendJournal(home, lines('k', 3));
    const r = ingestJson(home, ['--keep-segments'], NO_GRACE);
    expect(r.journal.segments_deleted).toBe(1);
    expect(fs.readdirSync(path.join(home, 'journal', 'archive'))).toHaveLength(1);
  });

  it('retires an empty file dropped in the inbox', () => {
    const home = tempHome();
    fs.mkdirSync(path.join(home, 'inbox'));
    fs.writeFileSync(path.join(home, 'inbox', 'empty.jsonl'), '');
    const r = ingestJson(home, [], NO_GRACE);
    expect(r).toMatchObject({ events_read: 0, rejected: 0 });
    expect(r.journal.inbox_files).toBe(1);
    expect(fs.readdirSync(path.join(home, 'journal')).filter((f) => f.endsWith('.jsonl'))).toEqual([]);
  });

  it('shows a progress bar on a terminal (stderr), never in --json or --quiet output', () => {
    const home = tempHome();
    appendJournal(home, lines('bar', 20000));
    const script = spawnSync('script', ['-qec', `${process.execPath} ${cli} ingest`, '/dev/null'], { env: env(home, NO_GRACE), encoding: 'utf8' });
    if (script.error) return; // no `script` (util-linux) to give it a terminal
    expect(script.stdout).toMatch(/journal\s+\[[█░]+\] 100%/);
    expect(script.stdout).toMatch(/ingest: 20000 events read/);
    appendJournal(home, lines('bar2', 10));
    const piped = ingest(home, [], NO_GRACE);
    expect(piped.stderr).not.toMatch(/%/);
  });

  it('loads huge lines (8 MiB payload) through the fast path and a huge partial line as a reject', async () => {
    const home = tempHome();
    appendJournal(home, envelopeLine('big-1', { pad: 8 << 20 }) + envelopeLine('small-1'));
    appendJournal(home, '{"v":1,"id":"big-partial","payload":"' + 'y'.repeat(3 << 20));
    expect(ingestJson(home, [], NO_GRACE)).toMatchObject({ events_new: 2, rejected: 1 });
    const r = await query(home, `SELECT octet_length(payload::VARCHAR::BLOB) AS n FROM raw_hook_events WHERE event_id = 'big-1'`);
    expect(Number(r[0].n)).toBeGreaterThan(8 << 20);
    const rej = await query(home, 'SELECT reason, byte_length FROM raw_rejects');
    expect(rej).toEqual([{ reason: 'partial_line', byte_length: (3 << 20) + 37 }]);
  });

  it('merges journals copied from two hosts (inbox and --journal) with no double counting', async () => {
    const home = tempHome();
    const other = tempHome('hosts');
    const laptop = lines('laptop', 40, { host: 'laptop' });
    const desktop = lines('desktop', 60, { host: 'desktop' });
    appendJournal(home, laptop.split('\n').slice(0, 20).join('\n') + '\n'); // this host already saw half of laptop's lines
    fs.writeFileSync(path.join(other, 'laptop.jsonl'), laptop);
    fs.writeFileSync(path.join(other, 'desktop.jsonl'), desktop);
    fs.mkdirSync(path.join(home, 'inbox'));
    fs.copyFileSync(path.join(other, 'desktop.jsonl'), path.join(home, 'inbox', 'desktop.jsonl'));
    const r = ingestJson(home, ['--journal', path.join(other, 'laptop.jsonl'), path.join(other, 'desktop.jsonl')], NO_GRACE);
    expect(r).toMatchObject({ events_read: 20 + 60 + 40 + 60, events_new: 100, events_duplicate: 80 });
    expect(fs.readdirSync(path.join(home, 'inbox'))).toEqual([]);
    // External journals are never modified, and re-reading them adds nothing.
    expect(fs.readFileSync(path.join(other, 'laptop.jsonl'), 'utf8')).toBe(laptop);
    expect(ingestJson(home, ['--journal', path.join(other, 'laptop.jsonl')], NO_GRACE)).toMatchObject({ events_read: 0 });
    // A journal that grew is read from where it stopped; one replaced by a rewritten copy is re-read, deduplicated.
    fs.appendFileSync(path.join(other, 'laptop.jsonl'), envelopeLine('laptop-new', { host: 'laptop' }));
    expect(ingestJson(home, ['--journal', path.join(other, 'laptop.jsonl')], NO_GRACE)).toMatchObject({ events_read: 1, events_new: 1 });
    fs.writeFileSync(path.join(other, 'laptop.tmp'), fs.readFileSync(path.join(other, 'laptop.jsonl')));
    fs.renameSync(path.join(other, 'laptop.tmp'), path.join(other, 'laptop.jsonl'));
    expect(ingestJson(home, ['--journal', path.join(other, 'laptop.jsonl')], NO_GRACE)).toMatchObject({ events_read: 41, events_new: 0, events_duplicate: 41 });
    const hosts = await query(home, 'SELECT host, count(*) AS n FROM raw_hook_events GROUP BY host ORDER BY host');
    expect(hosts).toEqual([
      { host: 'desktop', n: 60 },
      { host: 'laptop', n: 41 },
    ]);
  });

  it('publishes what a later stage wrote even when the journal had nothing new', async () => {
    const home = tempHome();
    appendJournal(home, lines('pub', 5));
    ingestJson(home, [], { ...NO_GRACE, AGENTDAG_INGEST_STEPS: 'journal' });
    const views = async () => (await query(home, `SELECT count(*) AS n FROM information_schema.tables WHERE table_name = 'fact_execution_step'`))[0].n;
    expect(await views()).toBe(0);
    const r = ingestJson(home, [], { ...NO_GRACE, AGENTDAG_INGEST_STEPS: 'journal,models' });
    expect(r.events_read).toBe(0);
    expect(r.published).toBe(path.join(home, 'warehouse.duckdb'));
    expect(await views()).toBe(1);
    // … and a run after it that changes nothing leaves the published copy alone.
    expect(ingestJson(home, [], { ...NO_GRACE, AGENTDAG_INGEST_STEPS: 'journal,models' }).published).toBeNull();
  });

  it('passes --transcripts DIR through to the transcripts stage', () => {
    const home = tempHome();
    const dir = path.join(__dirname, '..', '..', 'data', 'samples', 'claude-code', '2.1.330', 'b-one-subagent', 'transcripts');
    const r = ingestJson(home, ['--transcripts', dir], { AGENTDAG_INGEST_STEPS: 'journal,transcripts' });
    expect(r.api_calls_new).toBeGreaterThan(0);
    expect(r.transcripts.files_read).toBeGreaterThan(0);
    const missing = ingest(home, ['--transcripts', path.join(home, 'nope')]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/no such folder/);
  });

  it('explains a missing --journal file (or this data dir\'s own journal) and exits 2 without touching the warehouse', () => {
    const home = tempHome();
    const r = ingest(home, ['--journal', path.join(home, 'nope.jsonl')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/no such file/);
    appendJournal(home, lines('own', 1));
    const own = ingest(home, ['--journal', path.join(home, 'journal.jsonl')]);
    expect(own.code).toBe(2);
    expect(own.stderr).toMatch(/this data dir's own journal/);
    expect(fs.existsSync(path.join(home, 'warehouse.duckdb'))).toBe(false);
  });

  it('prints a one-line summary, nothing with --quiet, and runs the whole pipeline by default', async () => {
    const home = tempHome();
    appendJournal(home, lines('s', 7));
    const r = ingest(home, [], { AGENTDAG_INGEST_STEPS: '' });
    expect(r.code).toBe(0);
    expect(r.stdout.trim().split('\n')).toHaveLength(1);
    expect(r.stdout).toMatch(/^ingest: 7 events read, 7 new, 0 duplicate, 0 rejected; \d+ API calls; [\d.]+ s/);
    appendJournal(home, lines('t', 2));
    const q = ingest(home, ['--quiet'], { AGENTDAG_INGEST_STEPS: '' });
    expect(q.code).toBe(0);
    expect(q.stdout).toBe('');
    expect(await count(home, 'raw_hook_events')).toBe(9);
  });
});
