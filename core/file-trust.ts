// Whether the data dir and the journal can be trusted with what the hook writes. A journal
// another user owns (or can write) can be read or forged by them; a data dir they can write lets
// them swap the journal for their own file or a symlink at any moment. The hook refuses both
// (one line in hook-errors.log); `hooks status` and `ingest` warn with the fix.
//
// node-only: the hook loads it.
import * as fs from 'node:fs';
import type { DataPaths } from './data-dir';

export interface OwnerAndMode {
  uid: number;
  mode: number;
}

/** Owner and mode checks are POSIX; Windows reports neither meaningfully. */
const POSIX = process.platform !== 'win32';

/** Why a file or dir with this owner and mode is not safe to use, or null when it is. */
export function distrust(st: OwnerAndMode, uid: number | undefined = process.getuid?.()): string | null {
  if (!POSIX || uid === undefined) return null;
  if (st.uid !== uid) return `is owned by uid ${st.uid}, not by you (uid ${uid})`;
  const writable = [st.mode & 0o020 ? 'group' : '', st.mode & 0o002 ? 'others' : ''].filter(Boolean);
  if (writable.length) return `is writable by ${writable.join(' and ')} (mode ${(st.mode & 0o777).toString(8).padStart(3, '0')})`;
  return null;
}

/** The fix for a distrusted path: tighten what is yours, move away from what is not. */
export function trustFix(file: string, isDir: boolean, st: OwnerAndMode, uid: number | undefined = process.getuid?.()): string {
  if (uid !== undefined && st.uid !== uid) return `set AGENTDAG_HOME to a directory of your own (e.g. export AGENTDAG_HOME=$HOME/.agentdag), or remove ${file}`;
  return `chmod ${isDir ? '700' : '600'} '${file.replace(/'/g, `'\\''`)}'`;
}

/**
 * Problems with the data dir, the live journal and the hook error log, one sentence each with
 * its fix (empty when all is well). What the hook checks on every call, for `hooks status` and
 * `ingest` to say out loud.
 */
export function dataDirWarnings(paths: Pick<DataPaths, 'dir' | 'journal' | 'hookErrors'>): string[] {
  if (!POSIX) return [];
  const out: string[] = [];
  const check = (file: string, what: string, isDir: boolean) => {
    let st: fs.Stats;
    try {
      st = isDir ? fs.statSync(file) : fs.lstatSync(file);
    } catch {
      return; // missing: the hook creates it, owner-only
    }
    if (st.isSymbolicLink()) {
      out.push(`${what} ${file} is a symbolic link: the hook refuses to follow it, so hook events are not recorded; fix: remove it (rm '${file}'), the hook creates a new one`);
      return;
    }
    const why = distrust(st);
    if (why) out.push(`${what} ${file} ${why}: the hook refuses to write there, so hook events are not recorded; fix: ${trustFix(file, isDir, st)}`);
  };
  check(paths.dir, 'data dir', true);
  check(paths.journal, 'journal', false);
  check(paths.hookErrors, 'hook error log', false);
  return out;
}
