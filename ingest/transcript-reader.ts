// A transcript file's identity and where its complete lines end. Files are opened with
// openRegular (never waits on a FIFO; refuses what is not a regular file).
import { lastNewlineEnd } from './journal-scan';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import { openRegular } from './open-regular';
import { readAt } from './read-at';

/** Bytes hashed just before the stored position to notice a file rewritten in place (cheap: one small read). */
const TAIL_BYTES = 256;

export interface FileIdentity {
  /** sha256 of the first line (without its newline); null while the file has no complete line yet. */
  key: string | null;
  /** The first line is a JSON object with a "type" or "sessionId", as every line Claude Code writes (a ~/.netrc is not). */
  looksLikeTranscript: boolean;
  dev: number;
  ino: number;
  size: number;
  mtimeMs: number;
}

function sha256(data: Buffer | string): string {
  return createHash('sha256').update(data).digest('hex');
}

/** Whether a first line reads like a Claude Code transcript line. */
function transcriptLine(line: Buffer): boolean {
  try {
    const v = JSON.parse(line.toString('utf8')) as Record<string, unknown>;
    return v !== null && typeof v === 'object' && !Array.isArray(v) && (typeof v.type === 'string' || typeof v.sessionId === 'string');
  } catch {
    return false;
  }
}

/**
 * The identity of a transcript: the hash of its first line (stable across renames, copies and
 * machines). Null when the file is gone (Claude Code cleaned it up: the warehouse keeps what was
 * read); other open errors (no permission, not a regular file) are thrown for the caller to name.
 */
export function identify(file: string): FileIdentity | null {
  let fd: number;
  try {
    fd = openRegular(file);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw e;
  }
  try {
    const st = fs.fstatSync(fd);
    let key: string | null = null;
    let looksLikeTranscript = false;
    const parts: Buffer[] = [];
    for (let pos = 0; pos < st.size; ) {
      const chunk = readAt(fd, pos, Math.min(64 * 1024, st.size - pos));
      if (chunk.length === 0) break;
      const nl = chunk.indexOf(0x0a);
      if (nl >= 0) {
        parts.push(chunk.subarray(0, nl));
        const first = Buffer.concat(parts);
        key = sha256(first);
        looksLikeTranscript = transcriptLine(first);
        break;
      }
      parts.push(chunk);
      pos += chunk.length;
    }
    return { key, looksLikeTranscript, dev: st.dev, ino: st.ino, size: st.size, mtimeMs: st.mtimeMs };
  } finally {
    fs.closeSync(fd);
  }
}

/** sha256 of the up-to-256 bytes before `position` (what was last read), or null at 0. */
export function tailHash(file: string, position: number): string | null {
  if (position <= 0) return null;
  const fd = openRegular(file);
  try {
    const start = Math.max(0, position - TAIL_BYTES);
    return sha256(readAt(fd, start, position - start));
  } finally {
    fs.closeSync(fd);
  }
}

/**
 * Just past the last newline in [start, size): a trailing line without its newline is not read
 * (Claude Code may be mid-write); the next ingest reads it.
 */
export function lastCompleteLineEnd(file: string, start: number, size: number): number {
  return lastNewlineEnd(file, start, size);
}
