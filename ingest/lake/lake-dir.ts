// A team lake on disk (shared storage: a mounted bucket, NFS):
//
//   DIR/_lake.json                                          identity {id, group}: written once
//   DIR/raw/<table>/host=<host>/day=<YYYY-MM-DD>/<batch>.parquet   what machines pushed (immutable)
//   DIR/hosts/<host>.json                                   each machine's last push (rewritten by it)
//   DIR/marts/<table>/day=<YYYY-MM-DD>/data.parquet          the team build's facts (replaced per day)
//   DIR/_tmp/                                               files being written (renamed into place)
//
// Every file appears by rename from DIR/_tmp/, so a reader (any engine globbing raw/ or marts/)
// never sees a half-written file; names starting with `_` or `.` are skipped by Hive, Spark,
// Trino and Athena. Files are 0600 and folders 0700, or, for a lake created with --group, 0640
// and 2770 (group members push their own folders and read everything; the setgid bit hands the
// lake's group down to new folders).
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { UserError } from '../../core/errors';
import { fsyncPath } from '../../warehouse/db';

export const LAKE_META = '_lake.json';
const FORMAT = 1;

export interface Lake {
  dir: string;
  id: string;
  group: boolean;
  dirMode: number;
  fileMode: number;
}

interface LakeMeta {
  format: number;
  id: string;
  group: boolean;
  created_at: string;
}

function modes(group: boolean): { dirMode: number; fileMode: number } {
  return group ? { dirMode: 0o2770, fileMode: 0o640 } : { dirMode: 0o700, fileMode: 0o600 };
}

function readMeta(dir: string): LakeMeta | null {
  let text: string;
  try {
    text = fs.readFileSync(path.join(dir, LAKE_META), 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw new UserError(`cannot read ${path.join(dir, LAKE_META)}: ${(e as Error).message}`, 'check the lake is mounted and readable by you');
  }
  let meta: LakeMeta;
  try {
    meta = JSON.parse(text) as LakeMeta;
  } catch {
    meta = { format: 0, id: '', group: false, created_at: '' };
  }
  if (typeof meta.id !== 'string' || !/^[0-9a-f-]{16,}$/.test(meta.id)) {
    throw new UserError(`${path.join(dir, LAKE_META)} is damaged (no lake id)`, `restore it from a backup, or push to a new, empty folder`);
  }
  if (meta.format > FORMAT) {
    throw new UserError(`the lake at ${dir} was written by a newer agentdag (format ${meta.format})`, 'upgrade agentdag on this machine');
  }
  return meta;
}

/**
 * Open a lake. `create` makes an empty folder a lake (push does; the team ingest does not: a typo
 * must not start a new, empty lake). `group` makes the lake group-shared from now on.
 */
export function openLake(dir: string, opts: { create: boolean; group?: boolean }): Lake {
  const abs = path.resolve(dir);
  let meta = readMeta(abs);
  if (!meta) {
    if (!opts.create) {
      throw new UserError(`${abs} is not an agentdag lake (no ${LAKE_META})`, `check the path; a lake is made by the first push to it: agentdag push --to ${abs}`, 2);
    }
    const { dirMode, fileMode } = modes(Boolean(opts.group));
    mkdirs(abs, dirMode);
    const fresh: LakeMeta = { format: FORMAT, id: crypto.randomUUID(), group: Boolean(opts.group), created_at: new Date().toISOString() };
    // link() refuses an existing name: of two machines creating the lake at once, one id wins.
    const tmp = path.join(abs, `.${LAKE_META}.${process.pid}-${crypto.randomBytes(4).toString('hex')}`);
    fs.writeFileSync(tmp, JSON.stringify(fresh, null, 2) + '\n', { mode: fileMode });
    fs.chmodSync(tmp, fileMode);
    try {
      fs.linkSync(tmp, path.join(abs, LAKE_META));
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    } finally {
      fs.rmSync(tmp, { force: true });
    }
    meta = readMeta(abs)!;
  }
  if (opts.group && !meta.group) {
    meta = { ...meta, group: true };
    writeFileAtomic({ dir: abs, id: meta.id, group: true, ...modes(true) }, path.join(abs, LAKE_META), JSON.stringify(meta, null, 2) + '\n');
  }
  return { dir: abs, id: meta.id, group: meta.group, ...modes(meta.group) };
}

/** mkdir -p, each folder it creates given `mode` exactly (mkdir's mode is cut by the umask). */
function mkdirs(dir: string, mode: number): void {
  const missing: string[] = [];
  for (let d = dir; !fs.existsSync(d); d = path.dirname(d)) missing.unshift(d);
  for (const d of missing) {
    try {
      fs.mkdirSync(d, { mode });
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      continue; // another machine made it meanwhile
    }
    fs.chmodSync(d, mode);
  }
}

/**
 * A folder inside the lake, created with the lake's mode. A symbolic link on the way is refused:
 * a push never writes, and the team build never replaces, anything outside the lake.
 */
export function lakeSubdir(lake: Lake, ...parts: string[]): string {
  let d = lake.dir;
  for (const part of parts) {
    if (part === '' || part === '.' || part === '..' || part.includes('/') || part.includes('\\')) throw new Error(`bad lake path component "${part}"`);
    d = path.join(d, part);
    let st: fs.Stats | null = null;
    try {
      st = fs.lstatSync(d);
    } catch {
      mkdirs(d, lake.dirMode);
      continue;
    }
    if (st.isSymbolicLink() || !st.isDirectory()) {
      throw new UserError(`${d} in the lake is ${st.isSymbolicLink() ? 'a symbolic link' : 'not a folder'}; agentdag writes only inside the lake`, `remove it (rm '${d}') and run again`);
    }
  }
  return d;
}

/** A private scratch folder under DIR/_tmp/ (same file system as the lake, so renames are atomic). */
export function lakeTempDir(lake: Lake, tag: string): string {
  const parent = lakeSubdir(lake, '_tmp');
  const d = path.join(parent, `${tag}-${process.pid}-${crypto.randomBytes(4).toString('hex')}`);
  fs.mkdirSync(d, { mode: 0o700 });
  return d;
}

/** Remove what a killed run of ours left in DIR/_tmp/ (names starting with `tag-`). */
export function removeStaleTemps(lake: Lake, tag: string): void {
  const parent = path.join(lake.dir, '_tmp');
  let names: string[];
  try {
    names = fs.readdirSync(parent);
  } catch {
    return;
  }
  for (const n of names) if (n.startsWith(`${tag}-`)) fs.rmSync(path.join(parent, n), { recursive: true, force: true });
}

/** Move a finished file into place: lake mode, fsync, rename (atomic), fsync the folder. */
export function placeFile(lake: Lake, from: string, to: string): void {
  fs.chmodSync(from, lake.fileMode);
  fsyncPath(from);
  fs.renameSync(from, to);
  fsyncPath(path.dirname(to));
}

/** Write a small file (a manifest) so a reader sees the old or the new content, never a part. */
export function writeFileAtomic(lake: Lake, to: string, text: string): void {
  const tmp = path.join(path.dirname(to), `.${path.basename(to)}.${process.pid}-${crypto.randomBytes(4).toString('hex')}`);
  fs.writeFileSync(tmp, text, { mode: lake.fileMode });
  placeFile(lake, tmp, to);
}

export interface LakeFile {
  /** Path inside the lake, with `/`: raw/<table>/host=<h>/day=<d>/<batch>.parquet. */
  rel: string;
  table: string;
  host: string;
  day: string;
  bytes: number;
}

const HOST_DIR = /^host=([A-Za-z0-9][A-Za-z0-9._-]*)$/;
const DAY_DIR = /^day=(\d{4}-\d{2}-\d{2})$/;

function dirNames(dir: string, re: RegExp): [string, string][] {
  let entries: fs.Dirent[];
  try {
    entries = fs.readdirSync(dir, { withFileTypes: true });
  } catch {
    return [];
  }
  const out: [string, string][] = [];
  for (const e of entries) {
    const m = re.exec(e.name);
    if (m && e.isDirectory()) out.push([e.name, m[1]]);
  }
  return out.sort((a, b) => a[0].localeCompare(b[0]));
}

/** The pushed files of a raw table, of the hosts `list` picks, sorted by path (one readdir per host and per day folder). */
export function listRawFiles(lake: Lake, table: string, list: (host: string) => boolean = () => true): LakeFile[] {
  const base = path.join(lake.dir, 'raw', table);
  const out: LakeFile[] = [];
  for (const [hostDir, host] of dirNames(base, HOST_DIR)) {
    if (!list(host)) continue;
    for (const [dayDir, day] of dirNames(path.join(base, hostDir), DAY_DIR)) {
      const folder = path.join(base, hostDir, dayDir);
      for (const e of fs.readdirSync(folder, { withFileTypes: true })) {
        if (!e.isFile() || !e.name.endsWith('.parquet') || e.name.startsWith('.') || e.name.startsWith('_')) continue;
        const bytes = fs.statSync(path.join(folder, e.name)).size;
        out.push({ rel: ['raw', table, hostDir, dayDir, e.name].join('/'), table, host, day, bytes });
      }
    }
  }
  return out.sort((a, b) => a.rel.localeCompare(b.rel));
}
