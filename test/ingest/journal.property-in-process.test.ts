// The journal → warehouse model (journal-model.ts) at scale: thousands of cases within CI's time.
//
// The journal stage of `agentdag ingest` (rotate, inbox intake, ingestJournal) is called in this
// process on one DuckDB connection per case, so a run costs milliseconds instead of a process
// start. A crash is a named crash point armed to throw (ingest/crash.ts armCrash): the run stops
// there, uncommitted work is rolled back, and the next run carries on from what was committed, as
// a restarted process would. What only real processes can show (SIGKILL at a random moment, the
// work file's WAL replay, publishing) is journal.property.test.ts's job.
// Cases: AGENTDAG_PBT_IN_PROCESS_RUNS (default 2000); the count that ran is printed.
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { afterAll, describe, expect, it } from 'vitest';
import { silentProgress } from '../../ingest/contracts';
import { armCrash, SimulatedCrash, type CrashStage } from '../../core/crash';
import { intakeInbox, rotateJournal } from '../../ingest/journal-files';
import { ingestJournal } from '../../ingest/journal-load';
import { dataPaths, ensureDataDir } from '../../core/data-dir';
import { readSql } from '../../warehouse/sql-files';
import { opsArb, rejectHex, runModel, storedEvent, type Ingester } from './journal-model';

const RUNS = Number(process.env.AGENTDAG_PBT_IN_PROCESS_RUNS || 2000);
const SEED = process.env.AGENTDAG_PBT_SEED ? Number(process.env.AGENTDAG_PBT_SEED) : undefined;

/** The crash points inside what this ingester runs. */
const STAGES: readonly CrashStage[] = ['after-rotate', 'journal-after-insert', 'journal-before-commit', 'journal-after-commit', 'before-retire'];

const RAW_TABLES = ['raw_hook_events', 'raw_rejects', 'ingest_cursors', 'build_pending_sessions'].map((t) => readSql('raw', t));

/** One in-memory DuckDB for all cases (opening one and creating the tables costs ~45 ms, a case ~150 ms); emptied per case. */
let shared: { instance: DuckDBInstance; conn: DuckDBConnection } | null = null;

async function freshConnection(): Promise<DuckDBConnection> {
  if (!shared) {
    const instance = await DuckDBInstance.create(':memory:');
    shared = { instance, conn: await instance.connect() };
    for (const sql of RAW_TABLES) await shared.conn.run(sql);
  }
  const conn = shared.conn;
  await conn.run('ROLLBACK').catch(() => undefined); // a failed case may have left its transaction open
  for (const table of ['raw_hook_events', 'raw_rejects', 'ingest_cursors', 'build_pending_sessions']) await conn.run(`DELETE FROM ${table}`);
  return conn;
}

async function inProcessIngester(home: string): Promise<Ingester> {
  const paths = dataPaths(home);
  ensureDataDir(home);
  const conn = await freshConnection();
  // Real runs are a process start (~0.2 s) apart; these can fall in one millisecond, and a run's
  // rows are told apart by their ingested_at.
  let last = 0;
  const once = async (graceMs: number, stopAfterRotate = false) => {
    const now = new Date(Math.max(Date.now(), last + 1));
    last = now.getTime();
    rotateJournal(paths, now);
    intakeInbox(paths, now);
    if (stopAfterRotate) return;
    await ingestJournal(conn, { paths, externalJournals: [], graceMs, keepSegments: true, ingestedAt: now, progress: silentProgress });
  };
  return {
    run: (graceMs) => once(graceMs),
    async crashAt(stage) {
      armCrash(stage);
      try {
        await once(0, stage === 'after-rotate');
      } catch (e) {
        if (!(e instanceof SimulatedCrash)) throw e;
      } finally {
        armCrash(null);
      }
    },
    async stored() {
      const events = (await conn.runAndReadAll('SELECT event_id, source_file, byte_offset FROM raw_hook_events')).getRowObjectsJS().map(storedEvent);
      const rejects = (await conn.runAndReadAll('SELECT text, bytes FROM raw_rejects')).getRowObjectsJS().map(rejectHex);
      return { events, rejects };
    },
  };
}

describe('journal → warehouse model (in-process)', () => {
  afterAll(() => {
    shared?.conn.closeSync();
    shared?.instance.closeSync();
  });

  it(`holds exactly the complete lines written, once each, and rejects the rest (${RUNS} cases)`, { timeout: 60 * 60 * 1000 }, async () => {
    const arb = opsArb({ stages: STAGES, kill: false, maxLength: 14 });
    const run = await runModel({ runs: RUNS, seed: SEED, arb, tag: 'pbt-fast', ingester: inProcessIngester });
    process.stdout.write(`journal model (in-process): ${run.cases} cases, ${run.operations} operations, ${run.crashes} crashes, ${run.seconds} s\n`);
    expect(run.cases).toBeGreaterThanOrEqual(RUNS);
  });
});
