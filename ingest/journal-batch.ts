// Loading one journal file's byte range into the warehouse (the journal step's inner loop, see
// journal-load.ts): the fast path stages read_json of the whole file, the slow path sorts the
// lines out in JS first; rejects keep their exact bytes and reason.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { DuckDBConnection, DuckDBValue } from '@duckdb/node-api';
import { readSql } from '../warehouse/sql-files';
import { crashPoint } from '../core/crash';
import { splitLines, writeLineOffsets, type Reject, type RejectReason, type SplitResult } from './journal-scan';

const loadSql = (name: string) => readSql('load', name);
const batchSql = () => loadSql('journal_batch');

export interface BatchContext {
  scratch: string;
  now: DuckDBValue;
  source: string;
  onFraction?: (fraction: number) => void;
}

export interface LoadResult {
  /** Complete lines in the range. */
  lines: number;
  inserted: number;
  rejects: Reject[];
}

let scratchSeq = 0;
function scratchFiles(scratch: string) {
  const stem = path.join(scratch, `batch-${process.pid}-${++scratchSeq}`);
  return { clean: `${stem}.jsonl`, offsets: `${stem}.offsets.csv`, probe: `${stem}.probe.jsonl`, probeOffsets: `${stem}.probe.csv` };
}

function removeFiles(files: Record<string, string>): void {
  for (const f of Object.values(files)) fs.rmSync(f, { force: true });
}

/**
 * Load the complete lines in [from, end) and return with the file's transaction still open.
 * Queries that may fail (the fast attempt, the slow path's probes) must not run inside a
 * transaction that has to survive them: a failed statement aborts a DuckDB transaction, and
 * DuckDB has no savepoints. So the fast attempt owns its transaction (rolled back on failure),
 * and the slow path sorts the lines out before it begins one.
 */
export async function loadLines(conn: DuckDBConnection, file: string, from: number, end: number, wholeFile: boolean, batch: BatchContext): Promise<LoadResult> {
  if (end <= from) {
    await conn.run('BEGIN TRANSACTION');
    return { lines: 0, inserted: 0, rejects: [] };
  }
  const tmp = scratchFiles(batch.scratch);
  try {
    if (wholeFile) {
      let lines = 0;
      try {
        await stageBatch(conn, file, tmp.offsets, batch.onFraction, () => (lines = writeLineOffsets(file, end, tmp.offsets)));
        const inserted = await insertBatch(conn, from, batch);
        crashPoint('journal-after-insert');
        return { lines, inserted, rejects: [] };
      } catch (e) {
        await conn.run('ROLLBACK').catch(() => undefined);
        // A line the fast path cannot take: sort the lines out one by one. Anything else
        // (out of memory, disk full) is a real failure.
        if (!/agentdag: journal line|Malformed JSON|JSON transform error|Invalid Input Error|Conversion Error/i.test((e as Error).message)) throw e;
      }
    }
    const prepared = await prepareCleanBatch(conn, file, from, end, tmp);
    if (prepared.clean === 0) {
      await conn.run('BEGIN TRANSACTION');
      return { lines: prepared.lines, inserted: 0, rejects: prepared.rejects };
    }
    await stageBatch(conn, tmp.clean, tmp.offsets, batch.onFraction);
    const inserted = await insertBatch(conn, from, batch);
    return { lines: prepared.lines, inserted, rejects: prepared.rejects };
  } finally {
    removeFiles(tmp);
  }
}

/**
 * Stage a batch file and its offsets in temp tables, outside any transaction (see
 * sql/load/journal_batch.sql). `writeOffsets`, when given, writes the offsets file while DuckDB
 * parses the lines: the JS newline scan is single-threaded and overlaps the parse (1M lines: ~0.6 s).
 */
async function stageBatch(conn: DuckDBConnection, file: string, offsetsFile: string, report?: BatchContext['onFraction'], writeOffsets?: () => void): Promise<void> {
  // The bar moves with DuckDB's progress through the two long statements: staging is the parse
  // (~half the time for a big segment), the insert the copy into the warehouse.
  // Prepared and bound first: conn.run would yield to the event loop between its steps, and the
  // synchronous scan would then run before the parse starts. PreparedStatement.run() hands the
  // statement to DuckDB's threads before it returns its promise.
  const stage = await conn.prepare(loadSql('stage_journal_lines'));
  try {
    stage.bind({ file });
    const parsing = withProgress(conn, report, 0, 0.5, () => stage.run());
    try {
      writeOffsets?.();
    } catch (e) {
      await parsing.catch(() => undefined);
      throw e;
    }
    await parsing;
  } finally {
    stage.destroySync();
  }
  await conn.run(loadSql('stage_journal_offsets'), { offsets: offsetsFile });
}

/**
 * Begin the file's transaction and insert the staged batch with its offsets, then delete the rows
 * whose event id was stored before (or earlier in the batch). Returns the rows added, with the
 * transaction open.
 */
async function insertBatch(conn: DuckDBConnection, from: number, batch: BatchContext): Promise<number> {
  await conn.run('BEGIN TRANSACTION');
  const repeats = Number((await conn.runAndReadAll(loadSql('batch_repeats_ids'))).getRows()[0][0]);
  const r = await withProgress(conn, batch.onFraction, 0.5, 1, () =>
    conn.run(loadSql('load_hook_events').replace('{{batch}}', () => batchSql()), { source: batch.source, ingested_at: batch.now }),
  );
  const removed = repeats === 0 ? 0 : (await conn.run(loadSql('dedup_batch'), { source: batch.source, from, ingested_at: batch.now })).rowsChanged;
  // The sessions of these rows need their facts rebuilt: said in the rows' own transaction.
  await conn.run(loadSql('mark_pending_hook_sessions'), { source: batch.source, from, ingested_at: batch.now });
  return r.rowsChanged - removed;
}

/** Run one long statement, reporting its progress as the fraction lo..hi of the batch. */
async function withProgress<T>(conn: DuckDBConnection, report: BatchContext['onFraction'], lo: number, hi: number, run: () => Promise<T>): Promise<T> {
  const timer = report
    ? setInterval(() => {
        const pct = conn.progress.percentage;
        if (pct > 0) report(lo + (hi - lo) * Math.min(1, pct / 100));
      }, 200)
    : undefined;
  try {
    return await run();
  } finally {
    if (timer) clearInterval(timer);
  }
}

/**
 * The slow path (see the header), outside any transaction: write the lines DuckDB accepts to the
 * clean file, looping until it accepts every line left there.
 */
async function prepareCleanBatch(conn: DuckDBConnection, file: string, from: number, end: number, tmp: ReturnType<typeof scratchFiles>): Promise<SplitResult> {
  const excluded = new Map<number, { reason: RejectReason; detail: string | null }>();
  for (let attempt = 0; ; attempt++) {
    const split = splitLines(file, from, end, tmp.clean, tmp.offsets, excluded);
    if (split.clean === 0) return split;
    let problems: { offset: number; reason: RejectReason; detail: string | null }[];
    try {
      problems = await findProblems(conn, tmp.clean, tmp.offsets);
    } catch (e) {
      const culprit = await findRefusedLine(conn, e as Error, split.cleanOffsets, tmp);
      if (culprit === null || attempt > 10_000) throw e;
      excluded.set(culprit, { reason: 'malformed_json', detail: firstLine((e as Error).message) });
      continue;
    }
    if (problems.length === 0) return split;
    for (const p of problems) excluded.set(p.offset, { reason: p.reason, detail: p.detail });
  }
}

async function findProblems(conn: DuckDBConnection, clean: string, offsets: string) {
  await stageBatch(conn, clean, offsets);
  const r = await conn.runAndReadAll(`SELECT byte_offset, problem, problem_detail FROM (${batchSql()}) WHERE problem IS NOT NULL`);
  await conn.run(loadSql('unstage_journal_batch'));
  return r.getRows().map(([offset, problem, detail]) => {
    if (offset === null || problem === 'line_count_mismatch') throw new Error(`journal batch ${clean}: read_json returned a different number of rows than there are lines`);
    return { offset: Number(offset), reason: problem as RejectReason, detail: detail === null ? null : String(detail) };
  });
}

/**
 * read_json refused the clean file (something JSON.parse accepts but DuckDB does not, e.g. a
 * duplicate key). Its message names a line, but for malformed JSON the named line can be the one
 * after the bad one (perf-baselines §3), so test the named line and its neighbours alone.
 */
async function findRefusedLine(conn: DuckDBConnection, e: Error, cleanOffsets: number[], tmp: ReturnType<typeof scratchFiles>): Promise<number | null> {
  const m = /in line (\d+)/.exec(e.message);
  if (!m) return null;
  const named = Number(m[1]) - 1;
  for (const i of [named, named - 1, named + 1]) {
    if (i < 0 || i >= cleanOffsets.length) continue;
    const line = readLineAt(tmp.clean, i);
    fs.writeFileSync(tmp.probe, line);
    fs.writeFileSync(tmp.probeOffsets, `${cleanOffsets[i]}\n`);
    try {
      await stageBatch(conn, tmp.probe, tmp.probeOffsets);
    } catch {
      return cleanOffsets[i];
    }
  }
  return null;
}

/** The i-th line (0-based, with its newline) of a small-enough clean file. */
function readLineAt(file: string, index: number): Buffer {
  const all = fs.readFileSync(file);
  let start = 0;
  for (let k = 0; k < index; k++) start = all.indexOf(0x0a, start) + 1;
  const stop = all.indexOf(0x0a, start);
  return all.subarray(start, stop + 1);
}

/** DuckDB's message without the scratch file's name and line (they mean nothing to a reader of raw_rejects). */
function firstLine(s: string): string {
  return s.split('\n')[0].replace(/ in file "[^"]*", in line \d+/, '').slice(0, 500);
}

const lossyUtf8 = new TextDecoder('utf-8');

/** Append the batch's rejects into ingest_reject_batch, then into raw_rejects (once per file + offset). */
export async function storeRejects(conn: DuckDBConnection, rejects: Reject[], batch: BatchContext): Promise<void> {
  if (rejects.length === 0) return;
  await conn.run('DELETE FROM ingest_reject_batch');
  const appender = await conn.createAppender('ingest_reject_batch', 'main', 'temp');
  for (const r of rejects) {
    const faithful = r.reason !== 'invalid_utf8' && r.reason !== 'nul_bytes' && r.reason !== 'too_large';
    const text = lossyUtf8.decode(r.reason === 'too_large' ? r.bytes.subarray(0, 1 << 20) : r.bytes).replace(/\0/g, '\uFFFD');
    appender.appendBigInt(BigInt(r.offset));
    appender.appendBigInt(BigInt(r.length));
    appender.appendVarchar(r.reason);
    if (r.detail === null) appender.appendNull();
    else appender.appendVarchar(r.detail);
    appender.appendVarchar(text);
    if (faithful) appender.appendNull();
    else appender.appendBlob(r.bytes);
    appender.endRow();
  }
  appender.closeSync();
  await conn.run(loadSql('load_rejects'), { source: batch.source, ingested_at: batch.now });
}
