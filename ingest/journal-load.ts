// The journal step: every journal file's new complete lines into raw_hook_events (or
// raw_rejects), with the file's read position stored in the same transaction.
//
// Per file, from its cursor to its last newline:
//   fast path  (a whole file, from byte 0, ending in a newline — the usual rotated segment):
//              read_json(file) staged in a temp table while JS finds the byte offsets
//              (sql/load/stage_journal_*.sql), then ONE statement inserts row i with offset i.
//              Any line it cannot take fails the staging or aborts the insert (nothing half-done),
//              and we fall back to
//   slow path  the lines sorted out in JS (UTF-8, NUL, JSON.parse, object) and by DuckDB (id, v,
//              ts; anything else read_json refuses is found by testing the line it names alone);
//              good lines go to a clean temp file loaded by the same statement, the rest to raw_rejects.
// Why not perf-baselines' raw-line read_csv + json_valid to locate bad lines: measured here,
// read_csv stops at a line with invalid UTF-8 ("Invalid unicode … not utf-8 encoded"), drops it
// silently with ignore_errors=true, and with encoding='latin-1' calls it valid JSON. A journal
// line must never be dropped, so the line split is done in JS (one streaming pass) instead.
// A file's bytes after its last newline are left for the next run (a writer may be mid-append),
// unless the file has not changed for the grace period: then they are final, and rejected as
// partial_line.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { DuckDBConnection, DuckDBValue } from '@duckdb/node-api';
import type { DataPaths } from '../state/data-dir';
import { scratchDir, timestampValue } from '../warehouse/db';
import { readSql } from '../warehouse/sql-files';
import { silentProgress, type Progress } from './contracts';
import { crashPoint } from './crash';
import { fileIdentity, isSettled, listSources, retireSegment, type JournalSource } from './journal-files';
import { lastNewlineEnd, readBytes, splitLines, writeLineOffsets, type Reject, type RejectReason, type SplitResult } from './journal-scan';

export interface JournalStats {
  /** Files that had new bytes this run. */
  files_read: number;
  bytes_read: number;
  /** Lines read this run: complete lines, plus partial last lines that became final. */
  lines_read: number;
  events_new: number;
  /** Lines whose event id was already stored (or appeared earlier in the same batch). */
  events_duplicate: number;
  rejected: number;
  segments_deleted: number;
  /** Transactions committed (new rows, or only a cursor marked finished): the warehouse changed. */
  commits: number;
}

export interface JournalStepOptions {
  paths: DataPaths;
  /** Extra journals read in place (`--journal FILE…`), e.g. copied from other machines. */
  externalJournals: string[];
  graceMs: number;
  /** Move consumed segments to journal/archive/ instead of deleting them. */
  keepSegments: boolean;
  /** Stored as ingested_at on every row of this run (UTC). */
  ingestedAt: Date;
  progress: Progress;
}

interface Cursor {
  file_id: string;
  position: number;
  finished: boolean;
}

const loadSql = (name: string) => readSql('load', name);

const batchSql = () => loadSql('journal_batch');

export async function ingestJournal(conn: DuckDBConnection, opts: JournalStepOptions): Promise<JournalStats> {
  const stats: JournalStats = { files_read: 0, bytes_read: 0, lines_read: 0, events_new: 0, events_duplicate: 0, rejected: 0, segments_deleted: 0, commits: 0 };
  await conn.run(loadSql('ingest_reject_batch'));
  // Row i of a staged batch is line i only while DuckDB keeps insertion order (its default; a
  // test shows every row of a 1M-line segment misplaced without it): never inherit it switched off.
  await conn.run('SET preserve_insertion_order = true');
  const sources = listSources(opts.paths, opts.externalJournals);
  const cursors = await readCursors(conn);
  const scratch = scratchDir(opts.paths);
  const now = await timestampValue(opts.ingestedAt);

  const plans = sources.map((src) => ({ src, ...plan(src, cursors.get(src.key), opts.graceMs) }));
  const totalBytes = plans.reduce((n, p) => n + (p.end - p.from) + (p.tail ? p.size - p.end : 0), 0);
  opts.progress.start('journal', Math.max(1, totalBytes));
  const showProgress = opts.progress !== silentProgress;
  // DuckDB tracks a statement's progress only with this on; printing stays off (our bar prints).
  if (showProgress) await conn.run('SET enable_progress_bar = true; SET enable_progress_bar_print = false');

  for (const p of plans) {
    if (p.skip) {
      if (p.retire && retireSegment(opts.paths, p.src, p.size, opts.keepSegments)) stats.segments_deleted++;
      continue;
    }
    let ticked = 0;
    const batch: BatchContext = {
      scratch,
      now,
      source: p.src.key,
      // Move the bar while one big statement runs: its share of this file's bytes.
      onFraction: showProgress
        ? (f) => {
            const target = Math.floor(f * (p.newPosition - p.from));
            if (target > ticked) opts.progress.tick(target - ticked);
            ticked = Math.max(ticked, target);
          }
        : undefined,
    };
    let committed = false;
    try {
      // Leaves the file's transaction open: its rows, rejects and cursor commit together.
      const loaded = await loadLines(conn, p.src.path, p.from, p.end, p.from === 0 && p.end === p.size, batch);
      if (p.tail) {
        const bytes = readBytes(p.src.path, p.end, p.size - p.end);
        loaded.rejects.push({ offset: p.end, length: bytes.length, reason: 'partial_line', detail: 'no newline at the end of the file', bytes });
        loaded.lines++;
      }
      await storeRejects(conn, loaded.rejects, batch);
      const finished = p.src.owned && p.newPosition === p.size && p.settled;
      await conn.run(loadSql('upsert_cursor'), {
        source: p.src.key,
        file_id: p.fileId,
        position: p.newPosition,
        finished,
        updated_at: now,
      });
      crashPoint('journal-before-commit');
      await conn.run('COMMIT');
      committed = true;
      stats.commits++;
      crashPoint('journal-after-commit');
      if (p.newPosition > p.from) stats.files_read++;
      stats.bytes_read += p.newPosition - p.from;
      stats.lines_read += loaded.lines;
      stats.events_new += loaded.inserted;
      stats.rejected += loaded.rejects.length;
      stats.events_duplicate += loaded.lines - loaded.inserted - loaded.rejects.length;
      opts.progress.tick(Math.max(0, p.newPosition - p.from - ticked));
      if (finished) {
        crashPoint('before-retire');
        if (retireSegment(opts.paths, p.src, p.size, opts.keepSegments)) stats.segments_deleted++;
      }
    } finally {
      if (!committed) await conn.run('ROLLBACK').catch(() => undefined);
      // Outside the transaction: a drop inside one that rolls back would bring the batch back.
      await conn.run(loadSql('unstage_journal_batch')).catch(() => undefined);
    }
  }
  opts.progress.stop();
  return stats;
}

async function readCursors(conn: DuckDBConnection): Promise<Map<string, Cursor>> {
  const r = await conn.runAndReadAll('SELECT source_file, file_id, position, finished FROM ingest_cursors');
  const out = new Map<string, Cursor>();
  for (const [key, fileId, position, finished] of r.getRows()) {
    out.set(String(key), { file_id: String(fileId), position: Number(position), finished: Boolean(finished) });
  }
  return out;
}

interface Plan {
  skip: boolean;
  retire: boolean;
  fileId: string;
  size: number;
  settled: boolean;
  from: number;
  /** Just past the last newline at or after `from`. */
  end: number;
  /** The bytes after `end` are final (a partial last line to reject). */
  tail: boolean;
  newPosition: number;
}

/** What to read from one file, decided from one stat and the stored cursor. */
function plan(src: JournalSource, cursor: Cursor | undefined, grace: number): Plan {
  const st = fs.statSync(src.path);
  const fileId = fileIdentity(st);
  const settled = isSettled(st, grace);
  // Another file under the same name, or a file that shrank (rewritten): read it again from the
  // start; event ids make the re-read idempotent.
  const sameFile = cursor !== undefined && cursor.file_id === fileId && cursor.position <= st.size;
  const from = sameFile ? cursor.position : 0;
  const base = { fileId, size: st.size, settled, from };
  if (from === st.size) {
    // An empty settled segment (an empty file dropped in the inbox) has nothing to commit.
    const retire = src.owned && settled && (st.size === 0 || (sameFile && cursor.finished));
    // A consumed, settled segment whose cursor is not yet marked finished: commit that first.
    if (src.owned && settled && !retire && st.size > 0) return { ...base, skip: false, retire: false, end: from, tail: false, newPosition: from };
    return { ...base, skip: true, retire, end: from, tail: false, newPosition: from };
  }
  const end = lastNewlineEnd(src.path, from, st.size);
  const tail = end < st.size && settled;
  return { ...base, skip: false, retire: false, end, tail, newPosition: tail ? st.size : end };
}

interface BatchContext {
  scratch: string;
  now: DuckDBValue;
  source: string;
  onFraction?: (fraction: number) => void;
}

interface LoadResult {
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
async function loadLines(conn: DuckDBConnection, file: string, from: number, end: number, wholeFile: boolean, batch: BatchContext): Promise<LoadResult> {
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
  if (repeats === 0) return r.rowsChanged;
  const d = await conn.run(loadSql('dedup_batch'), { source: batch.source, from, ingested_at: batch.now });
  return r.rowsChanged - d.rowsChanged;
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
async function storeRejects(conn: DuckDBConnection, rejects: Reject[], batch: BatchContext): Promise<void> {
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
