// Which transcript files ingest reads, and how it says what it did not read. One file is the
// unit of failure: a path that is not a transcript, or a file that cannot be read, is skipped and
// named with the fix (ingest exits 1), and every other transcript loads.
import type * as fs from 'node:fs';
import { fileKind, NotRegularFile } from './open-regular';
import { transcriptPathRefusal, type FoundVia } from './transcript-sources';

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
