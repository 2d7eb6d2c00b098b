// The transcript step of `agentdag ingest`: every Claude Code transcript of every session seen in
// the journal (and, with --transcripts DIR, a whole projects/ folder) into raw_transcript_lines,
// verbatim but redacted, read incrementally from a position kept per file identity.
//
// Planned in JS (one stat and a first-line hash per file: what is new since the stored position,
// or the whole file again when it shrank or was rewritten), then loaded in batches by DuckDB's
// reader (ingest/transcript-batch.ts), each batch in one transaction with the files' positions.
// Usage is NOT deduplicated here: raw keeps every line; fact_api_call keeps one row per message
// id + request id across all files, so re-reads, resumed and forked sessions never double count.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { DuckDBConnection } from '@duckdb/node-api';
import type { TranscriptStepOptions, TranscriptStepStats } from './contracts';
import { identify, lastCompleteLineEnd, tailHash } from './transcript-reader';
import { cleanupPeriodWarning } from './transcript-retention';
import { agentIdOf, isSubagentTranscript, listSubagentFiles, recordHookTranscriptPaths, sessionIdOfSubagentFile, walkProjectsDir, type FoundVia } from './transcript-sources';
import { loadTranscriptBatch, type PlannedFile } from './transcript-batch';
import { admissionFor, admitted, NotATranscript } from './transcript-admission';
import { loadSubagentMeta } from './transcript-meta';
import { utcTimestamp } from '../core/time';
import { readSql } from '../warehouse/sql-files';
import { withTransaction } from '../warehouse/db';

/** New bytes per batch (one transaction): bounds the scratch file and DuckDB's memory. */
const BATCH_BYTES = 256 << 20;

interface Cursor {
  path: string;
  dev: number;
  ino: number;
  mtime_ms: number;
  size: number;
  size_read: number;
  tail_hash: string | null;
  lines_read: number;
}

async function readCursors(conn: DuckDBConnection): Promise<{ byKey: Map<string, Cursor>; byPath: Map<string, Cursor> }> {
  const r = await conn.runAndReadAll('SELECT * FROM raw_transcript_files');
  const byKey = new Map<string, Cursor>();
  const byPath = new Map<string, Cursor>();
  for (const row of r.getRowObjectsJS()) {
    const c: Cursor = {
      path: row.path as string,
      dev: Number(row.dev),
      ino: Number(row.ino),
      mtime_ms: Number(row.mtime_ms),
      size: Number(row.size),
      size_read: Number(row.size_read),
      tail_hash: (row.tail_hash as string | null) ?? null,
      lines_read: Number(row.lines_read),
    };
    byKey.set(row.file_key as string, c);
    byPath.set(c.path, c);
  }
  return { byKey, byPath };
}

/** What to read of one file, or null when nothing is new (unchanged, gone, or no complete line yet). */
function planFile(file: string, cursors: Awaited<ReturnType<typeof readCursors>>): PlannedFile | null {
  let st: fs.Stats;
  try {
    st = fs.statSync(file);
  } catch {
    return null; // deleted by Claude Code's cleanup: the lines read before stay in the warehouse
  }
  const known = cursors.byPath.get(file);
  if (known && known.dev === st.dev && known.ino === st.ino && known.size === st.size && known.mtime_ms === st.mtimeMs) return null;
  const id = identify(file);
  if (!id || id.key === null) return null;
  if (!id.looksLikeTranscript) throw new NotATranscript(file); // e.g. a transcript_path of ~/.netrc
  const cursor = cursors.byKey.get(id.key);
  let start = 0;
  let reread = false;
  if (cursor) {
    if (cursor.size_read <= id.size && tailHash(file, cursor.size_read) === cursor.tail_hash) start = cursor.size_read;
    else reread = true; // shrank or rewritten: read it again from the start
  }
  const end = lastCompleteLineEnd(file, start, id.size);
  const subagent = isSubagentTranscript(file);
  return {
    path: file,
    key: id.key,
    dev: st.dev,
    ino: st.ino,
    mtimeMs: st.mtimeMs,
    size: st.size,
    start,
    end,
    reread,
    linesBefore: cursor?.lines_read ?? 0,
    tailHash: tailHash(file, end),
    fileSession: subagent ? sessionIdOfSubagentFile(file) : path.basename(file, '.jsonl'),
    agentId: subagent ? agentIdOf(file) : null,
  };
}

async function addSources(conn: DuckDBConnection, paths: string[], via: FoundVia, now: string): Promise<void> {
  if (paths.length > 0) await conn.run(readSql('load', 'add_transcript_sources'), { paths: JSON.stringify(paths), via, now });
}

/** The transcript step; `scratch` is a private folder for the batch files. */
export async function ingestTranscripts(conn: DuckDBConnection, opts: TranscriptStepOptions, scratch: string): Promise<TranscriptStepStats> {
  const now = utcTimestamp();
  const stats: TranscriptStepStats = { files_read: 0, lines_read: 0, api_calls_new: 0, metas_changed: 0 };
  const warning = cleanupPeriodWarning();
  if (warning) opts.warn(warning);

  await recordHookTranscriptPaths(conn, now);
  const metas: string[] = [];
  if (opts.extraDir) {
    if (!fs.existsSync(opts.extraDir)) throw new Error(`--transcripts ${opts.extraDir}: no such folder`);
    const found = walkProjectsDir(path.resolve(opts.extraDir));
    await addSources(conn, found.transcripts, 'import', now);
    metas.push(...found.metas);
  }

  // Plan every file; a main transcript with something new may have new subagents beside it.
  const cursors = await readCursors(conn);
  const sources = (await conn.runAndReadAll(readSql('load', 'transcript_sources_to_read'))).getRowsJS();
  const via = new Map(sources.map((r) => [String(r[0]), String(r[1]) as FoundVia]));
  const queue = [...via.keys()];
  const admission = admissionFor(conn, opts, now);
  const queued = new Set(queue);
  const planned: PlannedFile[] = [];
  const subagents: string[] = [];
  const keys = new Set<string>();
  for (let i = 0; i < queue.length; i++) {
    const plan = await admitted(admission, queue[i], via.get(queue[i]) ?? 'subagents', () => planFile(queue[i], cursors));
    if (!plan || keys.has(plan.key)) continue; // a second copy of a file this run reads already has nothing new
    keys.add(plan.key);
    planned.push(plan);
    if (!isSubagentTranscript(plan.path)) {
      const sub = listSubagentFiles(plan.path);
      const fresh = sub.transcripts.filter((p) => !queued.has(p));
      for (const p of fresh) queued.add(p), queue.push(p), subagents.push(p);
      metas.push(...sub.metas);
    }
  }
  await addSources(conn, subagents, 'subagents', now);

  const totalBytes = planned.reduce((n, p) => n + p.end - p.start, 0);
  opts.progress.start('transcripts', Math.max(1, totalBytes));
  try {
    for (let i = 0, seq = 0; i < planned.length; seq++) {
      const batch: PlannedFile[] = [];
      let bytes = 0;
      while (i < planned.length && (batch.length === 0 || bytes + planned[i].end - planned[i].start <= BATCH_BYTES)) {
        bytes += planned[i].end - planned[i].start;
        batch.push(planned[i++]);
      }
      const r = await loadTranscriptBatch(conn, batch, scratch, now, seq);
      stats.files_read += batch.length;
      stats.lines_read += r.lines + r.rejects;
      stats.api_calls_new += r.api_calls_new;
      opts.progress.tick(bytes);
    }
  } finally {
    opts.progress.stop();
  }
  // One transaction for all: each statement committed alone cost ~7 ms (a month of subagents is thousands).
  await withTransaction(conn, async () => {
    for (const m of [...new Set(metas)]) if (await loadSubagentMeta(conn, m, now)) stats.metas_changed++;
  });
  return stats;
}
