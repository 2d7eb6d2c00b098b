// Line boundaries in journal files, found in JavaScript without parsing JSON.
//
// DuckDB's read_json gives no byte offsets, so a byte-offset list (one per line, in order) is
// written beside each batch and paired with read_json's rows by line number (sql/load/
// journal_batch.sql; test/ingest/journal.test.ts checks every row of a 1M-line parallel read).
// Finding newlines with Buffer.indexOf costs ~0.6 s per 598 MiB (1M envelopes) here, and runs
// while DuckDB parses the same file (~3 s), so it adds little to the wall time.
//
// The slow path (splitLines) classifies every line the way read_json would refuse it, writes the
// acceptable ones verbatim to a clean temp file and returns the others as rejects.
import * as fs from 'node:fs';
import { FILE_MODE } from '../core/data-dir';
import { readAt } from './read-at';
import { jsonParseErrorText } from '../core/parse-error';

const CHUNK = 8 << 20;
const NEWLINE = 0x0a;
/** Lines past this size are rejected (`too_large`) rather than parsed: JS strings top out near 512 MiB. */
export const MAX_LINE_BYTES = 256 << 20;

export interface Reject {
  offset: number;
  /** Bytes in the line, without its newline. */
  length: number;
  reason: RejectReason;
  detail: string | null;
  bytes: Buffer;
}

export type RejectReason =
  | 'malformed_json'
  | 'invalid_utf8'
  | 'nul_bytes'
  | 'not_an_object'
  | 'missing_id'
  | 'bad_field'
  | 'empty_line'
  | 'too_large'
  | 'partial_line'
  | 'duplicate_id';

/** Buffered writes to a new 0600 file. */
class FileSink {
  private readonly fd: number;
  private parts: Buffer[] = [];
  private pending = 0;
  constructor(file: string) {
    this.fd = fs.openSync(file, 'w', FILE_MODE);
  }
  write(b: Buffer | string): void {
    const buf = typeof b === 'string' ? Buffer.from(b) : b;
    this.parts.push(buf);
    this.pending += buf.length;
    if (this.pending >= CHUNK) this.flush();
  }
  flush(): void {
    if (this.pending === 0) return;
    const all = this.parts.length === 1 ? this.parts[0] : Buffer.concat(this.parts, this.pending);
    let done = 0;
    while (done < all.length) done += fs.writeSync(this.fd, all, done, all.length - done);
    this.parts = [];
    this.pending = 0;
  }
  close(): void {
    this.flush();
    fs.closeSync(this.fd);
  }
}

/** Reads `file` from `from` up to `to` in chunks, calling `onChunk(buf, n, filePos)`. */
function readRange(file: string, from: number, to: number, onChunk: (buf: Buffer, n: number, pos: number) => void): void {
  const fd = fs.openSync(file, 'r');
  try {
    const buf = Buffer.allocUnsafe(CHUNK);
    let pos = from;
    while (pos < to) {
      const n = fs.readSync(fd, buf, 0, Math.min(CHUNK, to - pos), pos);
      if (n === 0) break;
      onChunk(buf, n, pos);
      pos += n;
    }
  } finally {
    fs.closeSync(fd);
  }
}

/** The offset just past the last newline in [from, size), or `from` when there is none. */
export function lastNewlineEnd(file: string, from: number, size: number): number {
  const fd = fs.openSync(file, 'r');
  try {
    const buf = Buffer.allocUnsafe(1 << 16);
    let end = size;
    while (end > from) {
      const start = Math.max(from, end - buf.length);
      const n = fs.readSync(fd, buf, 0, end - start, start);
      const i = buf.subarray(0, n).lastIndexOf(NEWLINE);
      if (i >= 0) return start + i + 1;
      end = start;
    }
    return from;
  } finally {
    fs.closeSync(fd);
  }
}

/**
 * Fast path: write the start offset of every line in [0, end) (end just past a newline) to
 * `offsetsFile`, one per line. Returns the number of lines.
 */
export function writeLineOffsets(file: string, end: number, offsetsFile: string): number {
  const out = new FileSink(offsetsFile);
  let lines = 0;
  let lineStart = 0;
  try {
    readRange(file, 0, end, (buf, n, pos) => {
      const starts: number[] = [];
      let i = 0;
      for (;;) {
        const j = buf.indexOf(NEWLINE, i);
        if (j < 0 || j >= n) break;
        starts.push(lineStart);
        lineStart = pos + j + 1;
        i = j + 1;
      }
      if (starts.length) out.write(starts.join('\n') + '\n');
      lines += starts.length;
    });
  } finally {
    out.close();
  }
  return lines;
}

export interface SplitResult {
  /** Complete lines seen (good + rejected). */
  lines: number;
  /** Lines written to the clean file. */
  clean: number;
  /** Source offset of each line in the clean file, in order. */
  cleanOffsets: number[];
  rejects: Reject[];
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

function isBlank(line: Buffer): boolean {
  for (const b of line) if (b !== 0x20 && b !== 0x09 && b !== 0x0d) return false;
  return true;
}

/** Why read_json would refuse this line (without its newline), or null when it is a JSON object. */
export function classifyLine(line: Buffer): { reason: RejectReason; detail: string | null } | null {
  if (line.length > MAX_LINE_BYTES) return { reason: 'too_large', detail: `${line.length} bytes` };
  if (isBlank(line)) return { reason: 'empty_line', detail: null };
  if (line.includes(0)) return { reason: 'nul_bytes', detail: `NUL byte at ${line.indexOf(0)}` };
  let text: string;
  try {
    text = utf8.decode(line);
  } catch {
    return { reason: 'invalid_utf8', detail: null };
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    return { reason: 'malformed_json', detail: jsonParseErrorText(e) };
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return { reason: 'not_an_object', detail: null };
  return null;
}

/**
 * Slow path: split [from, to) (to just past a newline) into lines; write the lines read_json can
 * load, each with its newline (through `transform` when given), to `cleanFile` and their source
 * offsets to `offsetsFile`; return the rest as rejects (and the lines in `excluded`, which DuckDB
 * refused on an earlier try). Streams, so a huge segment needs memory for its longest line only.
 */
export function splitLines(
  file: string,
  from: number,
  to: number,
  cleanFile: string,
  offsetsFile: string,
  excluded: ReadonlyMap<number, { reason: RejectReason; detail: string | null }> = new Map(),
  /** Rewrites each acceptable line before it is written (the redaction of a foreign journal's lines). */
  transform?: (line: Buffer) => Buffer,
): SplitResult {
  const clean = new FileSink(cleanFile);
  const offsets = new FileSink(offsetsFile);
  const result: SplitResult = { lines: 0, clean: 0, cleanOffsets: [], rejects: [] };
  let carry: Buffer[] = [];
  let carryLen = 0;
  let lineStart = from;
  const take = (line: Buffer) => {
    result.lines++;
    const bad = excluded.get(lineStart) ?? classifyLine(line);
    if (bad) {
      result.rejects.push({ offset: lineStart, length: line.length, reason: bad.reason, detail: bad.detail, bytes: Buffer.from(line) });
    } else {
      clean.write(Buffer.concat([transform ? transform(line) : line, Buffer.from('\n')]));
      offsets.write(`${lineStart}\n`);
      result.cleanOffsets.push(lineStart);
      result.clean++;
    }
  };
  try {
    readRange(file, from, to, (buf, n, pos) => {
      let i = 0;
      for (;;) {
        const j = buf.indexOf(NEWLINE, i);
        if (j < 0 || j >= n) break;
        const piece = buf.subarray(i, j);
        const line = carryLen ? Buffer.concat([...carry, piece], carryLen + piece.length) : piece;
        carry = [];
        carryLen = 0;
        take(line);
        lineStart = pos + j + 1;
        i = j + 1;
      }
      if (i < n) {
        carry.push(Buffer.from(buf.subarray(i, n)));
        carryLen += n - i;
      }
    });
  } finally {
    clean.close();
    offsets.close();
  }
  return result;
}

/** The line that starts at `offset`, without its newline (read in 64 KiB steps up to it). */
export function readLineFrom(file: string, offset: number): Buffer {
  const fd = fs.openSync(file, 'r');
  try {
    const parts: Buffer[] = [];
    for (let pos = offset; ; ) {
      const chunk = readAt(fd, pos, 1 << 16);
      const nl = chunk.indexOf(NEWLINE);
      parts.push(nl < 0 ? chunk : chunk.subarray(0, nl));
      if (nl >= 0 || chunk.length === 0) return Buffer.concat(parts);
      pos += chunk.length;
    }
  } finally {
    fs.closeSync(fd);
  }
}

/** Read `length` bytes at `offset` (a rejected line's exact bytes). */
export function readBytes(file: string, offset: number, length: number): Buffer {
  const fd = fs.openSync(file, 'r');
  try {
    return readAt(fd, offset, length);
  } finally {
    fs.closeSync(fd);
  }
}
