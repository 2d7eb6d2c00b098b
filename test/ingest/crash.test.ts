// SIGKILL at any moment, then a rerun, gives the same warehouse as an uninterrupted run.
// Two ways to kill: at every named crash point (AGENTDAG_CRASH_AT, ingest/crash.ts), and at
// random delays from outside (the real `node dist/cli/index.js ingest` child, SIGKILL).
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CRASH_STAGES } from '../../core/crash';
import { envelopeLine, ingest, ingestAsync, ingestJson, journalSnapshot, query, sleep, snapshotDiff, tempHome } from './helpers';

const NO_GRACE = { AGENTDAG_SEGMENT_GRACE_MS: '0' };

/** A data dir with work for every path of the journal stage: an old segment (fast path), an inbox
 * file, and an active journal with bad lines (slow path) and a partial last line. */
function seed(home: string, n = 400): void {
  fs.mkdirSync(path.join(home, 'journal'), { recursive: true });
  let old = '';
  for (let i = 0; i < n; i++) old += envelopeLine(`old-${i}`);
  fs.writeFileSync(path.join(home, 'journal', '20260101T000000000Z-j-1-aaaaaa.jsonl'), old);
  fs.mkdirSync(path.join(home, 'inbox'));
  let other = '';
  for (let i = 0; i < n / 2; i++) other += envelopeLine(`other-${i}`, { host: 'laptop' });
  fs.writeFileSync(path.join(home, 'inbox', 'laptop.jsonl'), other);
  let active = '';
  for (let i = 0; i < n; i++) {
    active += envelopeLine(`new-${i}`);
    if (i % 97 === 0) active += '{"broken": \n';
    if (i % 131 === 0) active += envelopeLine(`new-${i}`); // a duplicate line
  }
  fs.writeFileSync(path.join(home, 'journal.jsonl'), active + '{"v":1,"id":"tail"');
}

async function reference(n?: number, extra: NodeJS.ProcessEnv = {}) {
  const home = tempHome('ref');
  seed(home, n);
  ingestJson(home, [], { ...NO_GRACE, ...extra });
  return { home, snap: await journalSnapshot(home) };
}

/** Row counts of every table, except the per-run bookkeeping that legitimately differs. */
async function tableCounts(home: string): Promise<Record<string, number>> {
  const tables = await query(home, `SELECT table_name FROM information_schema.tables WHERE table_type = 'BASE TABLE' AND table_name NOT IN ('ingest_runs', 'model_build_state') ORDER BY 1`);
  const out: Record<string, number> = {};
  for (const t of tables) out[String(t.table_name)] = Number((await query(home, `SELECT count(*) AS n FROM "${t.table_name}"`))[0].n);
  return out;
}

describe('crash safety: SIGKILL at every named point, then rerun', async () => {
  const ref = await reference();

  it.each(CRASH_STAGES.map((s) => [s]))('killed at %s', async (stage) => {
    const home = tempHome('crash');
    seed(home);
    const killed = ingest(home, [], { ...NO_GRACE, AGENTDAG_CRASH_AT: stage });
    expect(killed.signal).toBe('SIGKILL');
    const rerun = ingest(home, ['--json'], NO_GRACE);
    expect(rerun.code, rerun.stderr).toBe(0);
    expect(snapshotDiff(await journalSnapshot(home), ref.snap)).toBeNull();
    // Nothing left behind to read twice or lose: every segment consumed and retired.
    expect(fs.readdirSync(path.join(home, 'journal')).filter((f) => f.endsWith('.jsonl'))).toEqual([]);
    expect(fs.readdirSync(path.join(home, 'inbox'))).toEqual([]);
    expect(fs.readdirSync(home).filter((f) => f.includes('.tmp-'))).toEqual([]);
  });

  it('the reference run is what it should be', () => {
    const events = ref.snap.events.length;
    expect(events).toBe(400 + 200 + 400);
    expect(ref.snap.rejects.map((r) => JSON.parse(r).reason).sort()).toEqual([...Array(5).fill('malformed_json'), 'partial_line']);
  });
});

describe('crash safety: SIGKILL from outside at random moments (whole pipeline)', () => {
  it('converges to the uninterrupted warehouse after repeated kills', async () => {
    const full = { ...NO_GRACE, AGENTDAG_INGEST_STEPS: '' };
    const ref = await reference(3000, full);
    const refCounts = await tableCounts(ref.home);
    const home = tempHome('randkill');
    seed(home, 3000);
    // Deterministic pseudo-random delays spread over a whole run (~1-2 s here).
    let x = 12345;
    const rand = () => ((x = (x * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    let kills = 0;
    for (let i = 0; i < 8; i++) {
      const run = ingestAsync(home, ['--json'], full);
      await sleep(50 + rand() * 1500);
      if (run.child.exitCode === null) {
        run.child.kill('SIGKILL');
        kills++;
      }
      const r = await run.done;
      if (r.signal !== 'SIGKILL') expect(r.code, r.stderr).toBe(0);
    }
    expect(kills).toBeGreaterThan(0);
    const last = ingest(home, ['--json'], full);
    expect(last.code, last.stderr).toBe(0);
    expect(snapshotDiff(await journalSnapshot(home), ref.snap)).toBeNull();
    expect(await tableCounts(home)).toEqual(refCounts);
  });
});
