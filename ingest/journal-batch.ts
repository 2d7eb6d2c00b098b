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
      const lines = writeLineOffsets(file, end, tmp.offsets);
      await conn.run('BEGIN TRANSACTION');
      try {
        const inserted = await insertBatch(conn, file, tmp.offsets, lines, from, batch);
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
    await conn.run('BEGIN TRANSACTION');
    if (prepared.clean === 0) return { lines: prepared.lines, inserted: 0, rejects: prepared.rejects };
    const inserted = await insertBatch(conn, tmp.clean, tmp.offsets, prepared.clean, from, batch);
    return { lines: prepared.lines, inserted, rejects: prepared.rejects };
  } finally {
    removeFiles(tmp);
  }
}

/** journal_batch.sql over a batch file and its offsets (the SELECT the insert and the probes share). */
function batchQuery(): string {
  return loadSql('journal_batch');
}

/**
 * Insert a batch file's lines with their offsets (one statement: read_json straight into
 * raw_hook_events, sql/load/journal_batch.sql), then delete the rows whose event id was stored
 * before (or earlier in the batch). Runs in the caller's open transaction; returns the rows added.
 */
async function insertBatch(conn: DuckDBConnection, file: string, offsets: string, lines: number, from: number, batch: BatchContext): Promise<number> {
  const r = await withProgress(conn, batch.onFraction, () =>
    conn.run(loadSql('load_hook_events').replace('{{batch}}', () => batchQuery()), { file, offsets, source: batch.source, ingested_at: batch.now }),
  );
  // read_json skips a blank line, shifting every offset after it: then the slow path sorts it out.
  if (r.rowsChanged !== lines) throw new Error(`agentdag: journal line count: read_json returned ${r.rowsChanged} rows for ${lines} lines`);
  const ids = { source: batch.source, from, ingested_at: batch.now };
  const repeats = Number((await conn.runAndReadAll(loadSql('batch_repeats_ids'), ids)).getRows()[0][0]);
  const removed = repeats === 0 ? 0 : (await conn.run(loadSql('dedup_batch'), ids)).rowsChanged;
  // The sessions of these rows need their facts rebuilt: said in the rows' own transaction.
  await conn.run(loadSql('mark_pending_hook_sessions'), ids);
  return r.rowsChanged - removed;
}

/** Run the batch's one long statement, reporting DuckDB's progress through it. */
async function withProgress<T>(conn: DuckDBConnection, report: BatchContext['onFraction'], run: () => Promise<T>): Promise<T> {
  const timer = report
    ? setInterval(() => {
        const pct = conn.progress.percentage;
        if (pct > 0) report(Math.min(1, pct / 100));
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
  const r = await conn.runAndReadAll(`SELECT byte_offset, problem, problem_detail FROM (${batchQuery()}) WHERE problem IS NOT NULL`, { file: clean, offsets });
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
      await conn.runAndReadAll(`SELECT * FROM (${batchQuery()})`, { file: tmp.probe, offsets: tmp.probeOffsets }); // every column: a count alone would not parse the line
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
