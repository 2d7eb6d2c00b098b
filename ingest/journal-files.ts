// Which journal files an ingest reads, and the life cycle of a segment:
//
//   journal.jsonl ──rename──▶ journal/<stamp>-<pid>-<rand>.jsonl ──loaded + committed + grace──▶ deleted
//   inbox/<any>.jsonl ──rename──▶ journal/<stamp>-inbox-<name>.jsonl   (journals copied from other machines)
//   --journal FILE ──read in place, never modified──▶ (cursor keyed by real path + inode)
//   journal/<any other file> (a journal the user rotated by hand) is a segment like the others
//   (core/data-dir.ts segmentFiles: `hooks status` counts the same files).
// Lines from the inbox and --journal were written by no hook of this machine: they are redacted
// with the hook's walk at load (ingest/envelope-redact.ts) before they are stored.
//
// Rotation is a rename, so the hook (one open+append+close per call, O_APPEND) never sees a
// missing file: a call that opened the journal before the rename lands its line in the renamed
// segment, measured up to ~0.3 s later with 32 writers on 2 cores (perf-baselines §2), so a
// segment is read only up to its last newline, and deleted only when it was fully read, that
// read is committed, and it has not changed for the grace period.
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { DIR_MODE, segmentFiles, type DataPaths } from '../core/data-dir';
import { fileStamp } from '../core/time';

/** Default grace period: ~30× the worst late write measured (320 ms with 32 writers). */
export const DEFAULT_GRACE_MS = 10_000;

/** AGENTDAG_SEGMENT_GRACE_MS when set to a number ≥ 0 (tests use 0), else the default. */
export function graceMs(env: NodeJS.ProcessEnv = process.env): number {
  const raw = env.AGENTDAG_SEGMENT_GRACE_MS;
  const v = raw === undefined || raw.trim() === '' ? NaN : Number(raw);
  return Number.isFinite(v) && v >= 0 ? v : DEFAULT_GRACE_MS;
}

export interface JournalSource {
  /** Name stored in raw_hook_events.source_file and ingest_cursors: segment file name, or 'external:' + real path. */
  key: string;
  path: string;
  /** A segment in the segments dir: ingest deletes it once consumed. External journals are never touched. */
  owned: boolean;
  /** Written by no hook of this machine (the inbox, --journal): redacted before it is stored. */
  foreign: boolean;
}

/** The tag intakeInbox puts in a segment's name: its lines came from another machine. */
const INBOX_TAG = 'inbox-';

export function isInboxSegment(name: string): boolean {
  return name.includes(`-${INBOX_TAG}`);
}

/** Where journals copied from other machines are dropped (moved into the segments dir by ingest). */
export function inboxDir(paths: DataPaths): string {
  return path.join(paths.dir, 'inbox');
}

export function archiveDir(paths: DataPaths): string {
  return path.join(paths.segments, 'archive');
}

function uniqueSegmentName(now: Date, tag: string): string {
  return `${fileStamp(now)}-${tag}-${process.pid}-${crypto.randomBytes(3).toString('hex')}.jsonl`;
}

function ensureSegmentsDir(paths: DataPaths): void {
  fs.mkdirSync(paths.segments, { recursive: true, mode: DIR_MODE });
}

/** Rename the active journal into the segments dir. Returns the segment path, or null when there is nothing to rotate. */
export function rotateJournal(paths: DataPaths, now = new Date()): string | null {
  let size: number;
  try {
    size = fs.statSync(paths.journal).size;
  } catch {
    return null;
  }
  if (size === 0) return null;
  ensureSegmentsDir(paths);
  const target = path.join(paths.segments, uniqueSegmentName(now, 'j'));
  try {
    fs.renameSync(paths.journal, target);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw e;
  }
  return target;
}

/** Move every regular file dropped in the inbox into the segments dir (same rules as a rotated journal). */
export function intakeInbox(paths: DataPaths, now = new Date()): string[] {
  const dir = inboxDir(paths);
  let names: string[];
  try {
    names = fs.readdirSync(dir).sort();
  } catch {
    return [];
  }
  const moved: string[] = [];
  for (const name of names) {
    const from = path.join(dir, name);
    if (name.startsWith('.') || !fs.statSync(from).isFile()) continue;
    ensureSegmentsDir(paths);
    const base = name.replace(/\.jsonl$/, '').replace(/[^A-Za-z0-9_.-]/g, '_').slice(0, 60);
    const target = path.join(paths.segments, uniqueSegmentName(now, `${INBOX_TAG}${base}`));
    fs.renameSync(from, target);
    moved.push(target);
  }
  return moved;
}

/** The segments (sorted, i.e. oldest first) and the external journals, in reading order. */
export function listSources(paths: DataPaths, externalJournals: string[] = []): JournalSource[] {
  const out: JournalSource[] = [];
  for (const name of segmentFiles(paths)) out.push({ key: name, path: path.join(paths.segments, name), owned: true, foreign: isInboxSegment(name) });
  for (const file of externalJournals) {
    const real = fs.realpathSync(file);
    if (!out.some((s) => s.path === real)) out.push({ key: `external:${real}`, path: real, owned: false, foreign: true });
  }
  return out;
}

/** device:inode. Another identity under the same name means another file: read it from the start. */
export function fileIdentity(st: fs.Stats): string {
  return `${st.dev}:${st.ino}`;
}

/** True when nothing has written to or renamed the file for the grace period. */
export function isSettled(st: fs.Stats, grace: number, nowMs = Date.now()): boolean {
  return nowMs - Math.max(st.mtimeMs, st.ctimeMs) >= grace;
}

/**
 * Delete a consumed segment (or move it to journal/archive/ with keep = true), unless it grew
 * since it was read: then a late writer added lines and the next ingest reads them.
 */
export function retireSegment(paths: DataPaths, src: JournalSource, consumedSize: number, keep: boolean): boolean {
  let st: fs.Stats;
  try {
    st = fs.statSync(src.path);
  } catch {
    return false;
  }
  if (st.size !== consumedSize) return false;
  if (keep) {
    fs.mkdirSync(archiveDir(paths), { recursive: true, mode: DIR_MODE });
    fs.renameSync(src.path, path.join(archiveDir(paths), path.basename(src.path)));
  } else {
    fs.rmSync(src.path, { force: true });
  }
  return true;
}
