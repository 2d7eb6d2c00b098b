// Where agentdag keeps its runtime data: the journal, the task graph and the warehouse.
//
// This module is loaded by the hook (hooks/hook.ts), so it must use `node:` built-ins only:
// every npm import would add ~10 ms to every tool call of every user.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { UserError } from './errors';

/** Owner-only modes: the journal can hold commands and file contents. */
export const DIR_MODE = 0o700;
export const FILE_MODE = 0o600;

/**
 * `$AGENTDAG_HOME` when set, else the per-user default:
 * `$XDG_DATA_HOME/agentdag` (or `~/.local/share/agentdag`) on Linux and other Unixes,
 * `~/Library/Application Support/agentdag` on macOS, `%LOCALAPPDATA%\agentdag` on Windows.
 */
export function dataDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.AGENTDAG_HOME) return path.resolve(env.AGENTDAG_HOME);
  const home = os.homedir();
  if (process.platform === 'darwin') return path.join(home, 'Library', 'Application Support', 'agentdag');
  if (process.platform === 'win32') return path.join(env.LOCALAPPDATA || path.join(home, 'AppData', 'Local'), 'agentdag');
  return path.join(env.XDG_DATA_HOME || path.join(home, '.local', 'share'), 'agentdag');
}

/** Every file agentdag keeps in the data dir, by role. */
export function dataPaths(dir: string = dataDir()) {
  return {
    dir,
    /** Active journal: hooks append here, ingest rotates it into `journal/`. */
    journal: path.join(dir, 'journal.jsonl'),
    /** Closed journal segments waiting for (or kept after) ingest. */
    segments: path.join(dir, 'journal'),
    /** One short line per hook failure, so a broken hook is visible without breaking Claude Code. */
    hookErrors: path.join(dir, 'hook-errors.log'),
    /** The live SQLite task graph. */
    tasks: path.join(dir, 'tasks.sqlite'),
    /** The DuckDB warehouse analysts read (a published copy; see warehouse/). */
    warehouse: path.join(dir, 'warehouse.duckdb'),
    /** Ingest's private working copy of the warehouse. */
    warehouseWork: path.join(dir, 'warehouse.work.duckdb'),
    /** User overrides of model prices. */
    pricing: path.join(dir, 'pricing.json'),
  };
}

export type DataPaths = ReturnType<typeof dataPaths>;

/**
 * The journal segments waiting in <data dir>/journal/, oldest first: every regular file there but
 * dot files (a rotated segment is <stamp>-….jsonl; a journal the user moved there by hand, under
 * any name, is read the same way). Ingest reads these and `hooks status` counts these: one list.
 */
export function segmentFiles(paths: Pick<DataPaths, 'segments'>): string[] {
  let entries: fs.Dirent[];
  try {
    entries = fs.readdirSync(paths.segments, { withFileTypes: true });
  } catch {
    return []; // no segments yet
  }
  return entries
    .filter((e) => e.isFile() && !e.name.startsWith('.'))
    .map((e) => e.name)
    .sort();
}

/** Create the data dir owner-only (0700) if missing, and tighten it if it exists. */
export function ensureDataDir(dir: string = dataDir()): string {
  fs.mkdirSync(dir, { recursive: true, mode: DIR_MODE });
  try {
    fs.chmodSync(dir, DIR_MODE);
  } catch {
    // Not ours to change (e.g. a shared mount): the files inside are still created 0600.
  }
  return dir;
}

/** ensureDataDir for the commands: a data dir that cannot be created is the user's to fix. */
export function openDataDir(dir: string = dataDir()): string {
  try {
    return ensureDataDir(dir);
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    throw new UserError(`cannot create the data dir ${dir}: ${err.message}`, 'set AGENTDAG_HOME to a directory you can write, e.g. export AGENTDAG_HOME=$HOME/.agentdag');
  }
}
