// `agentdag hooks status`: what is installed where, and what the journal and error log hold.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { dataDir, dataPaths, segmentFiles } from '../core/data-dir';
import { dataDirWarnings } from '../core/file-trust';
import { DEFAULT_HOOK_EVENTS } from './events';
import { parseHookCommand } from './hook-command';
import { installedEntries } from './merge';
import { readSettings, settingsPath, SCOPES, type Scope } from './settings-file';

export interface ScopeStatus {
  scope: Scope;
  path: string;
  exists: boolean;
  events: string[];
  /** Default events that have no entry of ours in this scope. */
  missing_default_events: string[];
  command: string | null;
  /** Where this scope's hook writes (AGENTDAG_HOME in its command, else the default of this shell). */
  agentdag_home: string | null;
  hook_exists: boolean | null;
  node_exists: boolean | null;
  async_events: number;
  error?: string;
}

export interface FileStats {
  path: string;
  exists: boolean;
  bytes: number;
  lines: number;
}

export interface HooksStatus {
  scopes: ScopeStatus[];
  data_dir: string;
  journal: FileStats & { last_event_ts: string | null; last_event: string | null };
  hook_errors: FileStats & { last: string | null };
  /** Rotated journal segments waiting for (or held back by) ingest in <data dir>/journal/. */
  segments: { count: number; bytes: number };
  /** Why the hook would refuse to write (a data dir or journal of another user, writable by others, a symlink), with the fix. */
  warnings: string[];
}

function segmentStats(paths: Pick<ReturnType<typeof dataPaths>, 'segments'>): { count: number; bytes: number } {
  let bytes = 0;
  const names = segmentFiles(paths);
  for (const name of names) {
    try {
      bytes += fs.statSync(path.join(paths.segments, name)).size;
    } catch {
      // consumed by an ingest in between
    }
  }
  return { count: names.length, bytes };
}

/** Bytes, newline count and the last complete line, reading the file in 1 MiB chunks. */
function scanLines(file: string): { stats: FileStats; lastLine: string | null } {
  let fd: number;
  try {
    fd = fs.openSync(file, 'r');
  } catch {
    return { stats: { path: file, exists: false, bytes: 0, lines: 0 }, lastLine: null };
  }
  try {
    const buf = Buffer.allocUnsafe(1 << 20);
    let lines = 0;
    let bytes = 0;
    let lastNl = -1;
    for (;;) {
      const n = fs.readSync(fd, buf, 0, buf.length, bytes);
      if (n === 0) break;
      for (let i = buf.indexOf(10); i !== -1 && i < n; i = buf.indexOf(10, i + 1)) {
        lines++;
        lastNl = bytes + i;
      }
      bytes += n;
    }
    let lastLine: string | null = null;
    if (lastNl >= 0) {
      // Walk back from the last newline to the one before it (lines can be megabytes).
      let start = lastNl;
      const chunk = Buffer.allocUnsafe(1 << 16);
      while (start > 0) {
        const from = Math.max(0, start - chunk.length);
        const n = fs.readSync(fd, chunk, 0, start - from, from);
        const i = chunk.subarray(0, n).lastIndexOf(10);
        if (i >= 0) {
          start = from + i + 1;
          break;
        }
        start = from;
      }
      const line = Buffer.allocUnsafe(lastNl - start);
      fs.readSync(fd, line, 0, line.length, start);
      lastLine = line.toString('utf8');
    }
    return { stats: { path: file, exists: true, bytes, lines }, lastLine };
  } finally {
    fs.closeSync(fd);
  }
}

function scopeStatus(scope: Scope, cwd: string, env: NodeJS.ProcessEnv): ScopeStatus {
  const file = settingsPath(scope, cwd, env);
  const base: ScopeStatus = {
    scope,
    path: file,
    exists: fs.existsSync(file),
    events: [],
    missing_default_events: [],
    command: null,
    agentdag_home: null,
    hook_exists: null,
    node_exists: null,
    async_events: 0,
  };
  try {
    const entries = installedEntries(readSettings(file).data);
    base.events = [...entries.keys()];
    base.missing_default_events = base.events.length ? DEFAULT_HOOK_EVENTS.filter((e) => !entries.has(e)) : [];
    const first = entries.values().next().value;
    if (first) {
      base.command = first.command;
      const spec = parseHookCommand(first.command);
      base.agentdag_home = spec?.agentdagHome ?? dataDir({ ...env, AGENTDAG_HOME: undefined });
      base.hook_exists = !!spec && fs.existsSync(spec.hookPath);
      base.node_exists = !!spec && fs.existsSync(spec.nodePath);
    }
    base.async_events = [...entries.values()].filter((e) => e.async === true).length;
  } catch (e) {
    base.error = (e as Error).message;
  }
  return base;
}

export function hooksStatus(cwd: string = process.cwd(), env: NodeJS.ProcessEnv = process.env): HooksStatus {
  const dir = dataDir(env);
  const paths = dataPaths(dir);
  const journal = scanLines(paths.journal);
  let lastTs: string | null = null;
  let lastEvent: string | null = null;
  if (journal.lastLine) {
    try {
      const env = JSON.parse(journal.lastLine);
      lastTs = typeof env.ts === 'string' ? env.ts : null;
      lastEvent = typeof env.event === 'string' ? env.event : null;
    } catch {
      // A torn or foreign last line: ingest reports it; status just has no last event.
    }
  }
  const errors = scanLines(paths.hookErrors);
  return {
    scopes: SCOPES.map((s) => scopeStatus(s, cwd, env)),
    data_dir: dir,
    journal: { ...journal.stats, last_event_ts: lastTs, last_event: lastEvent },
    hook_errors: { ...errors.stats, last: errors.lastLine },
    segments: segmentStats(paths),
    warnings: dataDirWarnings(paths),
  };
}
