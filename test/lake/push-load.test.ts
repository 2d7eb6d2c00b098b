// The lake in-process (fast tier): push writes each raw row once, as Hive-partitioned Parquet
// files with the lake's modes, redacted; a push that dies at any point and runs again writes
// nothing twice; the team load takes every machine's files once and keeps one row per key.
// The real CLI, SIGKILL and the model build: team.test.ts (slow tier).
import * as fs from 'node:fs';
import * as path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { armCrash, LAKE_CRASH_STAGES, SimulatedCrash } from '../../core/crash';
import { LAKE_RAW_TABLES } from '../../ingest/lake/raw-tables';
import { CORPUS } from '../fixtures/secrets-corpus';
import { filesUnder, lakeQuery, Machine, rawGlob, readWithHyparquet, tempDir } from './raw-machine';

const ids = (prefix: string, n: number) => Array.from({ length: n }, (_, i) => `${prefix}-${i}`);
const PUSH_STAGES = LAKE_CRASH_STAGES.filter((s) => s.startsWith('push-'));

afterEach(() => armCrash(null));

/** Every event id in the lake with how many times it is there (a plain reader's view). */
async function lakeEvents(lake: string): Promise<Map<string, number>> {
  const rows = await lakeQuery(`SELECT event_id, count(*) AS n FROM ${rawGlob(lake, 'raw_hook_events')} GROUP BY ALL`);
  return new Map(rows.map((r) => [String(r.event_id), Number(r.n)]));
}

describe('agentdag push (in-process)', () => {
  it('writes each raw row once, as DIR/raw/<table>/host=<host>/day=<day>/<batch>.parquet, owner-only', async () => {
    const lake = tempDir('lake');
    const a = new Machine('alpha');
    await a.store(ids('e', 30));
    const first = await a.push(lake);
    expect(first.tables.find((t) => t.table === 'raw_hook_events')!.rows).toBe(30);
    expect(first.tables.find((t) => t.table === 'raw_transcript_lines')!.rows).toBe(30);

    const files = filesUnder(path.join(lake, 'raw'));
    for (const f of files) expect(f).toMatch(/^raw_[a-z_]+\/host=alpha\/day=\d{4}-\d{2}-\d{2}\/\d{8}-[0-9a-f]{12}\.parquet$/);
    // Two event days, so two day partitions of each table.
    expect(files.filter((f) => f.startsWith('raw_hook_events/')).map((f) => f.split('/')[2])).toEqual(['day=2026-11-21', 'day=2026-11-22']);
    for (const f of files) expect(fs.statSync(path.join(lake, 'raw', f)).mode & 0o7777).toBe(0o600);
    for (const d of ['raw', 'raw/raw_hook_events', 'raw/raw_hook_events/host=alpha', 'hosts']) expect(fs.statSync(path.join(lake, d)).mode & 0o7777).toBe(0o700);
    expect([...(await lakeEvents(lake)).values()].every((n) => n === 1)).toBe(true);
    // The file keeps the envelope's host under another name: `host` is the folder's.
    const cols = await lakeQuery(`SELECT DISTINCT host, hook_host FROM ${rawGlob(lake, 'raw_hook_events')}`);
    expect(cols).toEqual([{ host: 'alpha', hook_host: 'alpha' }]);

    // Nothing new: nothing written. New rows: only they.
    expect((await a.push(lake)).rows).toBe(0);
    expect(filesUnder(path.join(lake, 'raw'))).toEqual(files);
    await a.store(ids('f', 4));
    const second = await a.push(lake);
    expect(second.tables.find((t) => t.table === 'raw_hook_events')!.rows).toBe(4);
    const events = await lakeEvents(lake);
    expect(events.size).toBe(34);
    expect([...events.values()].every((n) => n === 1)).toBe(true);

    const manifest = JSON.parse(fs.readFileSync(path.join(lake, 'hosts', 'alpha.json'), 'utf8'));
    expect(manifest.tables.raw_hook_events).toMatchObject({ batches: 2, rows: 34 });
  });

  it.each(PUSH_STAGES.map((s) => [s]))('killed at %s, then run again (with an ingest between): every row once', async (stage) => {
    const lake = tempDir('lake');
    const a = new Machine('alpha');
    await a.store(ids('e', 40));
    armCrash(stage);
    await expect(a.push(lake)).rejects.toBeInstanceOf(SimulatedCrash);
    armCrash(null);
    await a.store(ids('late', 5)); // rows stored before the re-push must come in a batch of their own
    const again = await a.push(lake);
    expect(again.tables.find((t) => t.table === 'raw_hook_events')!.redone).toBe(true);
    const events = await lakeEvents(lake);
    expect(events.size).toBe(45);
    expect([...events.entries()].filter(([, n]) => n !== 1)).toEqual([]);
    const lines = await lakeQuery(`SELECT count(*) AS n, count(DISTINCT file_key) AS d FROM ${rawGlob(lake, 'raw_transcript_lines')}`);
    expect(lines).toEqual([{ n: 45n, d: 45n }]);
    expect(filesUnder(path.join(lake, '_tmp'))).toEqual([]);
  });

  it('redacts at the lake door what the warehouse holds in clear', async () => {
    const lake = tempDir('lake');
    const a = new Machine('alpha');
    const token = 'ghp_' + 'A1b2C3d4'.repeat(5);
    await a.store(['leaky'], { payload: () => ({ tool_name: 'Bash', tool_input: { command: `git push https://x:${token}@github.com/o/r` } }) });
    await a.push(lake);
    const [row] = await lakeQuery(`SELECT CAST(payload AS VARCHAR) AS p FROM ${rawGlob(lake, 'raw_hook_events')}`);
    expect(String(row.p)).not.toContain(token);
    expect(String(row.p)).toContain('[REDACTED:');
    for (const f of filesUnder(path.join(lake, 'raw'))) expect(fs.readFileSync(path.join(lake, 'raw', f)).includes(token)).toBe(false);
  });

  it('redacts every secret of the corpus at the door (none is skipped by the cheap pre-check)', async () => {
    const lake = tempDir('lake');
    const a = new Machine('alpha');
    const planted = CORPUS.map((c, i) => [`secret-${i}`, c] as const);
    await a.store(planted.map(([id]) => id), { payload: (id) => ({ tool_name: 'Bash', tool_input: { command: CORPUS[Number(id.split('-')[1])].text } }) });
    const pushed = await a.push(lake);
    expect(pushed.tables.find((t) => t.table === 'raw_hook_events')!.redacted).toBeGreaterThanOrEqual(CORPUS.length);
    const rows = await lakeQuery(`SELECT event_id, CAST(payload AS VARCHAR) AS p FROM ${rawGlob(lake, 'raw_hook_events')}`);
    const leaked = rows.filter((r) => String(r.p).includes(CORPUS[Number(String(r.event_id).split('-')[1])].secret)).map((r) => r.event_id);
    expect(leaked).toEqual([]);
  });

  it('a lake made with --group is shared with its group: folders 2770, files 0640', async () => {
    const lake = tempDir('lake');
    const a = new Machine('alpha');
    await a.store(ids('e', 3));
    await a.push(lake, true);
    for (const f of filesUnder(path.join(lake, 'raw'))) expect(fs.statSync(path.join(lake, 'raw', f)).mode & 0o7777).toBe(0o640);
    expect(fs.statSync(path.join(lake, 'raw', 'raw_hook_events', 'host=alpha')).mode & 0o7777).toBe(0o2770);
    // Later pushes keep it shared without the flag.
    const b = new Machine('beta');
    await b.store(ids('b', 2));
    await b.push(lake);
    expect(fs.statSync(path.join(lake, 'raw', 'raw_hook_events', 'host=beta')).mode & 0o7777).toBe(0o2770);
  });

  it('refuses a second machine that pushes under a name the lake knows from another', async () => {
    const lake = tempDir('lake');
    const first = new Machine('macbook');
    const second = new Machine('macbook');
    await first.store(ids('a', 2));
    await second.store(ids('b', 2));
    await first.push(lake);
    const before = filesUnder(path.join(lake, 'raw'));
    await expect(second.push(lake)).rejects.toThrow(/another machine already pushes .* as "macbook"/);
    expect(filesUnder(path.join(lake, 'raw'))).toEqual(before);
    expect((await first.push(lake)).rows).toBe(0); // the first one goes on as before
  });

  it('refuses to write through a symbolic link inside the lake', async () => {
    const lake = tempDir('lake');
    const elsewhere = tempDir('elsewhere');
    const a = new Machine('alpha');
    await a.store(ids('e', 2));
    await a.push(lake);
    await a.store(ids('f', 2));
    fs.renameSync(path.join(lake, 'raw', 'raw_transcript_lines'), path.join(elsewhere, 'moved'));
    fs.symlinkSync(path.join(elsewhere, 'moved'), path.join(lake, 'raw', 'raw_transcript_lines'));
    await expect(a.push(lake)).rejects.toThrow(/symbolic link/);
  });

  it('an independent reader (hyparquet) reads the pushed files as DuckDB does', async () => {
    const lake = tempDir('lake');
    const a = new Machine('alpha');
    await a.store(ids('e', 12));
    await a.push(lake);
    const viaDuck = await lakeQuery(`SELECT event_id, session_id, CAST(payload AS VARCHAR) AS payload FROM ${rawGlob(lake, 'raw_hook_events')} ORDER BY event_id`);
    const viaJs: Record<string, unknown>[] = [];
    for (const f of filesUnder(path.join(lake, 'raw', 'raw_hook_events'))) {
      viaJs.push(...(await readWithHyparquet(path.join(lake, 'raw', 'raw_hook_events', f))));
    }
    viaJs.sort((x, y) => String(x.event_id).localeCompare(String(y.event_id)));
    expect(viaJs.map((r) => [r.event_id, r.session_id, r.payload])).toEqual(viaDuck.map((r) => [r.event_id, r.session_id, JSON.parse(String(r.payload))]));
  });
});

describe('agentdag ingest --lake: the team load (in-process)', () => {
  it('takes every machine’s files once and keeps one row per key (a journal pushed from two machines counts once)', async () => {
    const lake = tempDir('lake');
    const a = new Machine('alpha');
    const b = new Machine('beta');
    const shared = ids('shared', 6); // the same journal, in both machines' warehouses
    await a.store([...ids('a', 10), ...shared], { hookHost: 'alpha' });
    await b.store([...ids('b', 7)], { hookHost: 'beta' });
    await b.store(shared, { hookHost: 'alpha' });
    await a.push(lake);
    await b.push(lake);

    const team = new Machine('team');
    const first = await team.load(lake);
    expect(first.hosts).toEqual(['alpha', 'beta']);
    const hooks = first.tables.find((t) => t.table === 'raw_hook_events')!;
    expect(hooks).toMatchObject({ rows_read: 29, rows_new: 23 });
    const stored = await team.rows(`SELECT event_id, host, source_file FROM raw_hook_events ORDER BY event_id`);
    expect(stored.map((r) => r.event_id)).toEqual([...ids('a', 10), ...ids('b', 7), ...shared].sort());
    expect(stored.filter((r) => String(r.event_id).startsWith('shared')).every((r) => r.host === 'alpha')).toBe(true);
    expect(stored.every((r) => String(r.source_file).startsWith('lake:'))).toBe(true);
    expect(await team.rows(`SELECT count(*) AS n, count(DISTINCT file_key) AS d FROM raw_transcript_lines`)).toEqual([{ n: 23n, d: 23n }]);

    // Loaded once, by name: a second load finds nothing; a new push brings only its rows.
    expect((await team.load(lake)).files_new).toBe(0);
    await a.store(ids('a2', 3));
    await a.push(lake);
    const third = await team.load(lake);
    expect(third.tables.find((t) => t.table === 'raw_hook_events')).toMatchObject({ rows_read: 3, rows_new: 3 });
    expect(await team.rows(`SELECT count(*) AS n FROM raw_hook_events`)).toEqual([{ n: 26n }]);
    expect(await team.rows(`SELECT host, count(*) AS files FROM raw_lake_files WHERE table_name = 'raw_hook_events' GROUP BY ALL ORDER BY host`)).toEqual([
      { host: 'alpha', files: 4n },
      { host: 'beta', files: 2n }, // its two runs went in one push: one batch, two days
    ]);
  });

  it('lists a machine’s folders only when its manifest says it pushed a batch since the last load', async () => {
    const lake = tempDir('lake');
    const a = new Machine('alpha');
    await a.store(ids('a', 5));
    await a.push(lake);
    const team = new Machine('team');
    await team.load(lake);
    // A file that appears without a push (no new batch in alpha.json) is not looked for…
    const day = path.join(lake, 'raw', 'raw_hook_events', 'host=alpha', 'day=2026-11-21');
    const [first] = fs.readdirSync(day);
    fs.copyFileSync(path.join(day, first), path.join(day, '00000099-000000000000.parquet'));
    expect((await team.load(lake)).files_new).toBe(0);
    // …until alpha pushes a batch: then its folders are listed again, and every new file is loaded.
    await a.store(ids('b', 1));
    await a.push(lake);
    const next = await team.load(lake);
    expect(next.tables.find((t) => t.table === 'raw_hook_events')).toMatchObject({ files: 2, rows_new: 1 });
  });

  it('a load killed before its commit loads the same files again on the next run, once', async () => {
    const lake = tempDir('lake');
    const a = new Machine('alpha');
    await a.store(ids('a', 20));
    await a.push(lake);
    const team = new Machine('team');
    armCrash('lake-load-before-commit');
    await expect(team.load(lake)).rejects.toBeInstanceOf(SimulatedCrash);
    armCrash(null);
    expect(await team.rows(`SELECT count(*) AS n FROM raw_hook_events`)).toEqual([{ n: 0n }]);
    await team.load(lake);
    expect(await team.rows(`SELECT count(*) AS n, count(DISTINCT event_id) AS d FROM raw_hook_events`)).toEqual([{ n: 20n, d: 20n }]);
  });

  it('refuses a folder that is not a lake (a typo must not look like an empty team)', async () => {
    const team = new Machine('team');
    await expect(team.load(tempDir('empty'))).rejects.toThrow(/not an agentdag lake/);
  });

  it('declares every raw table it pushes with a new-since column, a day and a keep rule', () => {
    for (const t of LAKE_RAW_TABLES) {
      expect(t.table).toMatch(/^raw_/);
      expect(['first', 'latest', 'snapshot']).toContain(t.keep);
      expect(t.keep === 'snapshot' || t.key.length > 0).toBe(true);
    }
  });
});
