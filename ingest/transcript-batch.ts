// One batch of the transcript step through DuckDB's reader (as the journal): the new bytes of
// several transcript files are concatenated into one scratch NDJSON file while JS notes where each
// line came from (file, byte offset); one statement parses it on every core
// (sql/load/transcript_stage.sql), lines that may hold a secret come back to JS for redaction, and
// one transaction stores lines, rejects and read positions (sql/load/transcript_commit.sql).
// A line DuckDB cannot take (malformed JSON, invalid UTF-8, NUL bytes) sends the batch through
// the journal's line sorter (journal-scan.ts splitLines): good lines are staged from a clean file,
// the rest become rejects with their file and byte offset.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { DuckDBConnection } from '@duckdb/node-api';
import { FILE_MODE } from '../core/data-dir';
import { readSql, runStatements } from '../warehouse/sql-files';
import { withTransaction } from '../warehouse/db';
import { splitLines, type RejectReason } from './journal-scan';
import { readAt } from './read-at';
import { redactLine, secretDetectorParams } from './transcript-redact';
import { redactRejectText } from './reject-redact';

/** What to read of one file, decided by ingest/transcripts.ts. */
export interface PlannedFile {
  path: string;
  key: string;
  dev: number;
  ino: number;
  mtimeMs: number;
  size: number;
  /** Read [start, end): end is just past the last complete line. */
  start: number;
  end: number;
  /** Read again from the start (the file shrank or was rewritten): its stored lines are replaced. */
  reread: boolean;
  linesBefore: number;
  tailHash: string | null;
  fileSession: string | null;
  agentId: string | null;
}

export interface BatchStats {
  lines: number;
  rejects: number;
  api_calls_new: number;
}

const CHUNK = 8 << 20;

interface Scratch {
  file: string;
  offsets: string;
  /** Scratch offset of each non-blank line → [file index, byte offset in that file]. */
  origin: Map<number, [number, number]>;
  size: number;
}

function isBlank(buf: Buffer, from: number, to: number): boolean {
  for (let i = from; i < to; i++) {
    const b = buf[i];
    if (b !== 0x20 && b !== 0x09 && b !== 0x0d) return false;
  }
  return true;
}

/** Concatenate the files' new bytes into one scratch file, noting each non-blank line's origin. */
function writeScratch(files: PlannedFile[], stem: string): Scratch {
  const out: Scratch = { file: `${stem}.jsonl`, offsets: `${stem}.offsets.csv`, origin: new Map(), size: 0 };
  const fd = fs.openSync(out.file, 'w', FILE_MODE);
  const csv: string[] = [];
  try {
    files.forEach((f, idx) => {
      const src = fs.openSync(f.path, 'r');
      try {
        let lineStart = f.start;
        let carry = Buffer.alloc(0);
        for (let pos = f.start; pos < f.end; ) {
          const chunk = readAt(src, pos, Math.min(CHUNK, f.end - pos));
          if (chunk.length === 0) break;
          const buf = carry.length ? Buffer.concat([carry, chunk]) : chunk;
          const bufStart = pos - carry.length;
          let i = 0;
          for (let nl = buf.indexOf(0x0a, i); nl >= 0; nl = buf.indexOf(0x0a, i)) {
            if (buf[i] === 0x7b || !isBlank(buf, i, nl)) {
              out.origin.set(out.size + i, [idx, lineStart]);
              csv.push(`${idx},${lineStart}`);
            }
            i = nl + 1;
            lineStart = bufStart + i;
          }
          fs.writeSync(fd, buf, 0, i);
          out.size += i;
          carry = Buffer.from(buf.subarray(i));
          pos += chunk.length;
        }
      } finally {
        fs.closeSync(src);
      }
    });
  } finally {
    fs.closeSync(fd);
  }
  fs.writeFileSync(out.offsets, csv.length ? csv.join('\n') + '\n' : '', { mode: FILE_MODE });
  return out;
}

const REASON_TEXT: Record<RejectReason, string> = {
  malformed_json: 'invalid JSON',
  invalid_utf8: 'invalid UTF-8',
  nul_bytes: 'NUL bytes',
  not_an_object: 'not a JSON object',
  missing_id: 'missing id',
  bad_field: 'bad field',
  empty_line: 'empty line',
  too_large: 'too large',
  partial_line: 'partial line',
  duplicate_id: 'repeated id',
};

const lossy = new TextDecoder('utf-8');

/** Stage the batch, sorting bad lines out when DuckDB refuses it. Returns the rejects appended. */
async function stage(conn: DuckDBConnection, scratch: Scratch, stem: string): Promise<number> {
  const detectors = secretDetectorParams();
  const run = (file: string, offsets: string) =>
    conn.run(readSql('load', 'transcript_stage'), { file, offsets, ...detectors });
  // A row past the last offset (read_json skipped a line) or a line that is not an object: sort the batch out.
  const misplaced = async () => Number((await conn.runAndReadAll(`SELECT count(*) FROM tmp_transcript_lines WHERE misplaced OR file_idx IS NULL OR json_type(line) <> 'OBJECT'`)).getRowsJS()[0][0]);
  if (scratch.size === 0) {
    await run(scratch.file, scratch.offsets);
    return 0;
  }
  try {
    await run(scratch.file, scratch.offsets);
    if ((await misplaced()) === 0) return 0;
  } catch (e) {
    if (!/Malformed JSON|Invalid Input Error|Conversion Error|unicode|UTF-8/i.test((e as Error).message)) throw e;
  }
  // Line by line: JS sorts out what JSON.parse refuses; a line DuckDB still refuses is named by
  // its error ("line N") and rejected in turn.
  const clean = `${stem}.clean.jsonl`;
  const cleanOffsets = `${stem}.clean.offsets.csv`;
  const excluded = new Map<number, { reason: RejectReason; detail: string | null }>();
  const rejects = await conn.createAppender('tmp_transcript_rejects', 'main', 'temp');
  let count = 0;
  try {
    for (;;) {
      const split = splitLines(scratch.file, 0, scratch.size, clean, `${stem}.ignored.csv`, excluded);
      const good = split.cleanOffsets.map((o) => scratch.origin.get(o)!);
      fs.writeFileSync(cleanOffsets, good.map(([f, o]) => `${f},${o}`).join('\n') + (good.length ? '\n' : ''), { mode: FILE_MODE });
      try {
        await run(clean, cleanOffsets);
        if ((await misplaced()) > 0) throw new Error('transcript batch: read_json returned a different number of rows than there are lines');
        for (const r of split.rejects) {
          const at = scratch.origin.get(r.offset);
          if (!at || r.reason === 'empty_line') continue; // blank lines are skipped, not rejected
          rejects.appendInteger(at[0]);
          rejects.appendUBigInt(BigInt(at[1]));
          rejects.appendVarchar(`${REASON_TEXT[r.reason]}${r.detail ? `: ${r.detail}` : ''}`);
          rejects.appendVarchar(redactRejectText(lossy.decode(r.bytes.subarray(0, 1 << 20))));
          rejects.endRow();
          count++;
        }
        return count;
      } catch (e) {
        const m = /line (\d+)/.exec((e as Error).message);
        const named = m ? split.cleanOffsets[Number(m[1]) - 1] : undefined;
        if (named === undefined || excluded.has(named)) throw e;
        excluded.set(named, { reason: 'malformed_json', detail: (e as Error).message.split('\n')[0].replace(/ in file "[^"]*", in line \d+/, '').slice(0, 300) });
      }
    }
  } finally {
    rejects.closeSync();
    for (const f of [clean, cleanOffsets, `${stem}.ignored.csv`]) fs.rmSync(f, { force: true });
  }
}

/** Redact the lines DuckDB flagged, in JS (the one redaction the hook also uses). */
async function redactSuspects(conn: DuckDBConnection): Promise<void> {
  const rows = (await conn.runAndReadAll('SELECT file_idx, byte_offset, CAST(line AS VARCHAR) AS text FROM tmp_transcript_lines WHERE suspect')).getRowsJS();
  if (rows.length === 0) return;
  const out = await conn.createAppender('tmp_transcript_redacted', 'main', 'temp');
  let changed = 0;
  try {
    for (const [fileIdx, offset, text] of rows) {
      const r = redactLine(String(text), true);
      if (r.kinds.length === 0) continue;
      out.appendInteger(Number(fileIdx));
      out.appendUBigInt(BigInt(offset as bigint));
      out.appendVarchar(r.text);
      out.appendVarchar(`[${r.kinds.map((k) => JSON.stringify(k)).join(',')}]`);
      out.endRow();
      changed++;
    }
  } finally {
    out.closeSync();
  }
  if (changed) await conn.run(readSql('load', 'transcript_apply_redaction'));
}

async function appendFiles(conn: DuckDBConnection, files: PlannedFile[]): Promise<void> {
  const a = await conn.createAppender('tmp_transcript_files', 'main', 'temp');
  const str = (v: string | null) => (v === null ? a.appendNull() : a.appendVarchar(v));
  try {
    files.forEach((f, idx) => {
      a.appendInteger(idx);
      a.appendVarchar(f.key);
      a.appendVarchar(f.path);
      a.appendUBigInt(BigInt(f.dev));
      a.appendUBigInt(BigInt(f.ino));
      a.appendDouble(f.mtimeMs);
      a.appendUBigInt(BigInt(f.size));
      a.appendUBigInt(BigInt(f.end));
      str(f.tailHash);
      a.appendUBigInt(BigInt(f.linesBefore));
      a.appendBoolean(f.reread);
      str(f.fileSession);
      str(f.agentId);
      a.endRow();
    });
  } finally {
    a.closeSync();
  }
}

/** Load one batch of files: stage, redact, then store everything in one transaction. */
export async function loadTranscriptBatch(conn: DuckDBConnection, files: PlannedFile[], scratchDir: string, now: string, seq: number): Promise<BatchStats> {
  const stem = path.join(scratchDir, `transcripts-${process.pid}-${seq}`);
  const scratch = writeScratch(files, stem);
  try {
    await runStatements(conn, 'load', 'transcript_batch_tables');
    await appendFiles(conn, files);
    const rejects = await stage(conn, scratch, stem);
    await redactSuspects(conn);
    const lines = Number((await conn.runAndReadAll('SELECT count(*) FROM tmp_transcript_lines')).getRowsJS()[0][0]);
    return await withTransaction(conn, async () => {
      const fresh = Number((await conn.runAndReadAll(readSql('load', 'transcript_new_api_calls'))).getRowsJS()[0][0]);
      await runStatements(conn, 'load', 'transcript_commit', { now });
      return { lines, rejects, api_calls_new: fresh };
    });
  } finally {
    for (const f of [scratch.file, scratch.offsets]) fs.rmSync(f, { force: true });
  }
}
