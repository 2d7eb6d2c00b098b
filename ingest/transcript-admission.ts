// Which transcript files ingest reads, and how it says what it did not read. One file is the
// unit of failure: a path that is not a transcript, or a file that cannot be read, is skipped and
// named with the fix (ingest exits 1), and every other transcript loads.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { DuckDBConnection } from '@duckdb/node-api';
import { readSql } from '../warehouse/sql-files';
import { skippedText, type Skipped, type TranscriptStepOptions } from './contracts';
import { fileKind, NotRegularFile } from './open-regular';
import { claudeProjectsDirs, transcriptPathRefusal, type FoundVia } from './transcript-sources';

export interface Refusal {
  reason: string;
  fix: string;
  /**
   * Remember the path in transcript_refusals: it is not a transcript, and is said once. A file
   * that cannot be read now (no permission) is not, and is said on every run until it can be.
   */
  drop: boolean;
}

const NOT_READ = 'nothing to do if you did not expect it to be read; to import transcripts kept elsewhere, use agentdag ingest --transcripts DIR';

/** Why `file` (stat'ed as `st`, found via `via`) is not read, or null when it may be. */
export function transcriptRefusal(file: string, via: FoundVia, st: fs.Stats, roots: string[]): Refusal | null {
  const why = via === 'hook' ? transcriptPathRefusal(file, roots) : null;
  if (why) return { reason: `a hook event named it as a transcript, but ${why}: not read`, fix: NOT_READ, drop: true };
  if (!st.isFile()) return { reason: `it is ${fileKind(st)}: only regular files are read`, fix: 'remove it, or leave it: it is not read', drop: true };
  return null;
}

/** The first line is not a Claude Code transcript line (JSON with a "type"): e.g. ~/.netrc. */
export const NOT_A_TRANSCRIPT: Refusal = {
  reason: 'its first line is not a Claude Code transcript line (a JSON object with a "type"): not read',
  fix: NOT_READ,
  drop: true,
};

/** An error of the file system (Node's, with a syscall) or openRegular's refusal, not of the warehouse. */
export function isFileError(e: unknown): boolean {
  return e instanceof NotRegularFile || (e instanceof Error && typeof (e as NodeJS.ErrnoException).syscall === 'string');
}

/** An error opening or reading `file`. */
export function unreadable(file: string, e: unknown): Refusal {
  if (e instanceof NotRegularFile) return { reason: `it is ${e.kind}: only regular files are read`, fix: 'remove it, or leave it: it is not read', drop: true };
  const err = e as NodeJS.ErrnoException;
  const denied = err.code === 'EACCES' || err.code === 'EPERM';
  return {
    reason: `it cannot be read (${err.code ?? err.message}): its lines are not in the warehouse`,
    fix: denied ? `make it readable by you (ls -l '${file}'; chmod u+r or chown it)` : `check the file (ls -l '${file}')`,
    drop: false,
  };
}

/** Thrown by the planner when a file's first line is not a transcript line (NOT_A_TRANSCRIPT). */
export class NotATranscript extends Error {
  constructor(readonly file: string) {
    super(`${file} is not a Claude Code transcript`);
  }
}

export interface Admission {
  conn: DuckDBConnection;
  now: string;
  /** Projects folders (and --transcripts) a path named by a hook event may be in. */
  roots: string[];
  skip: (s: Skipped) => void;
}

export function admissionFor(conn: DuckDBConnection, opts: TranscriptStepOptions, now: string): Admission {
  const roots = [...claudeProjectsDirs(), ...(opts.extraDir ? [path.resolve(opts.extraDir)] : [])];
  return { conn, now, roots, skip: opts.skip ?? ((s) => opts.warn(skippedText(s))) };
}

/**
 * `plan()` when `file` may be read, else null: a file that is gone is passed by quietly; one that
 * is not a transcript, not a regular file or not readable is skipped with the fix (and remembered
 * in transcript_refusals when it is not a transcript at all, so it is said once).
 */
export async function admitted<T>(a: Admission, file: string, via: FoundVia, plan: () => T | null): Promise<T | null> {
  let refusal: Refusal | null;
  try {
    refusal = transcriptRefusal(file, via, fs.statSync(file), a.roots);
    if (!refusal) return plan();
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null; // deleted by Claude Code's cleanup: what was read stays
    if (e instanceof NotATranscript) refusal = NOT_A_TRANSCRIPT;
    else if (isFileError(e)) refusal = unreadable(file, e);
    else throw e;
  }
  a.skip({ stage: 'transcripts', item: `transcript ${file}`, reason: refusal.reason, fix: refusal.fix });
  if (refusal.drop) await a.conn.run(readSql('load', 'refuse_transcript'), { path: file, reason: refusal.reason, now: a.now });
  return null;
}
