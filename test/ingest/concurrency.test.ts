// Two ingests at once, and an analyst process holding the published warehouse open.
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { dataPaths } from '../../core/data-dir';
import { openReadOnly } from '../../warehouse/db';
import { appendJournal, count, envelopeLine, ingest, ingestAsync, ingestJson, journalSnapshot, root, snapshotDiff, tempHome } from './helpers';

const NO_GRACE = { AGENTDAG_SEGMENT_GRACE_MS: '0' };

function lines(prefix: string, n: number): string {
  let s = '';
  for (let i = 0; i < n; i++) s += envelopeLine(`${prefix}-${i}`, { pad: 200 });
  return s;
}

/** A real second process that opens the published warehouse read-only, says "open", and holds it until killed. */
function holdWarehouse(file: string, readOnly = true) {
  const script = `
    const { DuckDBInstance } = require(${JSON.stringify(path.join(root, 'node_modules', '@duckdb', 'node-api'))});
    (async () => {
      const inst = await DuckDBInstance.create(${JSON.stringify(file)}, ${readOnly ? "{ access_mode: 'READ_ONLY' }" : '{}'});
      const conn = await inst.connect();
      const n = (await conn.runAndReadAll('SELECT count(*) FROM raw_hook_events')).getRows()[0][0];
      process.stdout.write('open ' + n + '\\n');
      process.stdin.on('data', async () => {
        const m = (await conn.runAndReadAll('SELECT count(*) FROM raw_hook_events')).getRows()[0][0];
        process.stdout.write('still ' + m + '\\n');
      });
    })();`;
  const child = spawn(process.execPath, ['-e', script], { stdio: ['pipe', 'pipe', 'inherit'] });
  let out = '';
  const waitFor = (re: RegExp) =>
    new Promise<string>((resolve, reject) => {
      const check = () => {
        const m = re.exec(out);
        if (m) resolve(m[0]);
      };
      child.stdout.on('data', (d) => {
        out += d;
        check();
      });
      child.on('exit', () => reject(new Error(`holder exited: ${out}`)));
      check();
    });
  return { child, waitFor, ask: () => child.stdin.write('?\n') };
}

describe('concurrency', () => {
  it('two ingests started together: one waits for the other; nothing is lost or stored twice', async () => {
    const home = tempHome('two');
    appendJournal(home, lines('two', 20000));
    const ref = tempHome('two-ref');
    appendJournal(ref, lines('two', 20000));
    ingestJson(ref, [], NO_GRACE);

    const a = ingestAsync(home, ['--json'], NO_GRACE);
    const b = ingestAsync(home, ['--json'], NO_GRACE);
    const [ra, rb] = await Promise.all([a.done, b.done]);
    expect(ra.code, ra.stderr).toBe(0);
    expect(rb.code, rb.stderr).toBe(0);
    // Exactly one of them waited, and said so.
    const waited = [ra, rb].filter((r) => /another ingest is running \(pid \d+\); waiting/.test(r.stderr));
    expect(waited).toHaveLength(1);
    const total = JSON.parse(ra.stdout).events_new + JSON.parse(rb.stdout).events_new;
    expect(total).toBe(20000);
    expect(snapshotDiff(await journalSnapshot(home), await journalSnapshot(ref))).toBeNull();
  });

  it('with --wait 0 an ingest exits 75 naming the running one; with --wait it waits, then catches up', async () => {
    const home = tempHome('nowait');
    appendJournal(home, lines('nw', 10));
    ingestJson(home, [], NO_GRACE);
    appendJournal(home, lines('nw2', 10));
    // A stand-in for a long-running ingest: a process holding the work file read-write.
    const running = holdWarehouse(path.join(home, 'warehouse.work.duckdb'), false);
    try {
      await running.waitFor(/open \d+/);
      const b = ingest(home, ['--wait', '0', '--json'], NO_GRACE);
      expect(b.code).toBe(75);
      expect(b.stderr).toMatch(new RegExp(`another ingest is running \\(pid ${running.child.pid}\\)`));
      expect(b.stderr).toMatch(/fix: nothing was lost/);
      expect(JSON.parse(b.stdout).error).toMatch(/another ingest is running/);
      const c = ingestAsync(home, ['--wait', '30', '--json'], NO_GRACE);
      await c.stderrMatches(/another ingest is running \(pid \d+\); waiting up to 30 s/);
      expect(c.child.exitCode).toBeNull(); // still waiting
      running.child.kill('SIGKILL'); // the kernel releases its lock
      const rc = await c.done;
      expect(rc.code, rc.stderr).toBe(0);
      expect(rc.stderr).toMatch(/another ingest is running \(pid \d+\); waiting up to 30 s/);
      expect(JSON.parse(rc.stdout).events_new).toBe(10);
    } finally {
      running.child.kill('SIGKILL');
    }
    expect(await count(home, 'raw_hook_events')).toBe(20);
  });

  it('an analyst holding warehouse.duckdb open does not block ingest; the next open sees the new data', async () => {
    const home = tempHome('analyst');
    appendJournal(home, lines('first', 100));
    ingestJson(home, [], NO_GRACE);
    const holder = holdWarehouse(path.join(home, 'warehouse.duckdb'));
    try {
      expect(await holder.waitFor(/open \d+/)).toBe('open 100');
      appendJournal(home, lines('second', 50));
      const r = ingest(home, ['--json', '--wait', '0'], { ...NO_GRACE, AGENTDAG_INGEST_STEPS: '' });
      expect(r.code, r.stderr).toBe(0);
      expect(JSON.parse(r.stdout)).toMatchObject({ events_new: 50, published: path.join(home, 'warehouse.duckdb') });
      // The holder still reads its (old) snapshot, undisturbed …
      holder.ask();
      expect(await holder.waitFor(/still \d+/)).toBe('still 100');
      // … while a new reader sees the published data.
      expect(await count(home, 'raw_hook_events')).toBe(150);
    } finally {
      holder.child.kill('SIGKILL');
    }
  });

  it('publishes a read-only copy: the published file is 0400 and the work file 0600', () => {
    const home = tempHome('modes');
    appendJournal(home, lines('m', 3));
    ingestJson(home, [], NO_GRACE);
    expect(fs.statSync(path.join(home, 'warehouse.duckdb')).mode & 0o777).toBe(0o400);
    expect(fs.statSync(path.join(home, 'warehouse.work.duckdb')).mode & 0o777).toBe(0o600);
  });

  it('reads the published warehouse through openReadOnly while an ingest runs', async () => {
    const home = tempHome('ro');
    appendJournal(home, lines('ro', 50));
    ingestJson(home, [], NO_GRACE);
    appendJournal(home, lines('ro2', 20000));
    const run = ingestAsync(home, ['--json'], NO_GRACE);
    const counts: number[] = [];
    const paths = dataPaths(home);
    while (run.child.exitCode === null) {
      const conn = await openReadOnly(paths);
      try {
        counts.push(Number((await conn.runAndReadAll('SELECT count(*) FROM raw_hook_events')).getRows()[0][0]));
      } finally {
        conn.closeSync();
      }
    }
    const r = await run.done;
    expect(r.code, r.stderr).toBe(0);
    expect(counts.length).toBeGreaterThan(0);
    // Every read saw a whole published state: before or after, never in between.
    for (const c of counts) expect([50, 20050]).toContain(c);
    expect(await count(home, 'raw_hook_events')).toBe(20050);
  });
});
