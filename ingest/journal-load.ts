// The journal step: every journal file's new complete lines into raw_hook_events (or
// raw_rejects), with the file's read position stored in the same transaction.
//
// Per file, from its cursor to its last newline:
//   fast path  (a whole file, from byte 0, ending in a newline — the usual rotated segment):
//              JS finds the byte offset of every line, then ONE statement reads the file with
//              read_json … WITH ORDINALITY straight into raw_hook_events, row n with offset n
//              (sql/load/journal_batch.sql). Any line it cannot take aborts the insert (nothing
//              half-done), and we fall back to
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
import type { DuckDBConnection } from '@duckdb/node-api';
import type { DataPaths } from '../core/data-dir';
import { scratchDir, timestampValue } from '../warehouse/db';
import { readSql } from '../warehouse/sql-files';
import { silentProgress, type Progress } from './contracts';
import { crashPoint } from '../core/crash';
import { fileIdentity, isSettled, listSources, retireSegment, type JournalSource } from './journal-files';
import { lastNewlineEnd, readBytes } from './journal-scan';
import { loadLines, storeRejects, type BatchContext } from './journal-batch';

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

export async function ingestJournal(conn: DuckDBConnection, opts: JournalStepOptions): Promise<JournalStats> {
  const stats: JournalStats = { files_read: 0, bytes_read: 0, lines_read: 0, events_new: 0, events_duplicate: 0, rejected: 0, segments_deleted: 0, commits: 0 };
  await conn.run(loadSql('ingest_reject_batch'));
  // Rows keep their file order into the table (DuckDB's default; the ordinality pairs each row
  // with its offset either way): never inherit it switched off.
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
      foreign: p.src.foreign,
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

/** The stats of a run without the journal stage. */
export function emptyJournalStats(): JournalStats {
  return { files_read: 0, bytes_read: 0, lines_read: 0, events_new: 0, events_duplicate: 0, rejected: 0, segments_deleted: 0, commits: 0 };
}
