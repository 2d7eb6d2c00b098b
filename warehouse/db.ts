// Opening the DuckDB warehouse: ingest's private work file, and the published read-only copy.
//
// A DuckDB file is locked by one process at a time, and even a read-only reader blocks a writer.
// So ingest never writes the file analysts open: it writes `warehouse.work.duckdb` (private; its
// DuckDB lock doubles as the ingest lock, and the kernel drops it when a process dies, even by
// SIGKILL), checkpoints, and publishes a copy as `warehouse.duckdb` by copy-to-temp + rename.
// A reader holding the old `warehouse.duckdb` keeps its inode (and its lock) and sees the new
// data on its next open; the ingest never waits for it and never fails because of it.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { DuckDBConnection, DuckDBInstance, DuckDBValue } from '@duckdb/node-api';
import { UserError } from '../core/errors';
import { crashPoint } from '../core/crash';
import { DIR_MODE, ensureDataDir, type DataPaths } from '../core/data-dir';
import { checkAndStampFormat, checkFormatReadOnly, openErrorFor } from './format';

/** Published copies are owner read-only: an analyst cannot open them read-write by accident (a
 * stray `.wal` beside the published file would be replayed onto the next published copy). */
const PUBLISHED_MODE = 0o400;

export interface WorkWarehouse {
  instance: DuckDBInstance;
  conn: DuckDBConnection;
  close(): void;
}

export interface OpenWorkOptions {
  /** How long to wait for another process (another ingest) holding the work file; 0 = fail at once. */
  waitMs?: number;
  /** Told once when we start waiting, with the holder's pid when DuckDB names it. */
  onWait?: (holderPid: number | null) => void;
}

/** DuckDB's message when another process holds the file: "Could not set lock on file … (PID 123)". */
export function lockHolderPid(error: unknown): number | null | undefined {
  const msg = (error as Error)?.message ?? '';
  if (!/Could not set lock|Conflicting lock/i.test(msg)) return undefined;
  const m = /PID (\d+)/.exec(msg);
  return m ? Number(m[1]) : null;
}

export class WarehouseBusy extends UserError {
  constructor(readonly holderPid: number | null, waitedMs: number) {
    super(
      `another ingest is running${holderPid ? ` (pid ${holderPid})` : ''}; gave up after waiting ${Math.round(waitedMs / 1000)} s`,
      'nothing was lost: the journal stays on disk and the next `agentdag ingest` picks it up. Use --wait SECONDS to wait longer.',
      75, // EX_TEMPFAIL: cron wrappers treat it as "try again later"
    );
  }
}

/** Open ingest's private work warehouse read-write, waiting while another ingest holds it. */
export async function openWork(paths: DataPaths, opts: OpenWorkOptions = {}): Promise<WorkWarehouse> {
  ensureDataDir(paths.dir);
  const { DuckDBInstance } = await import('@duckdb/node-api');
  const waitMs = opts.waitMs ?? 0;
  const started = Date.now();
  let told = false;
  for (;;) {
    try {
      const instance = await DuckDBInstance.create(paths.warehouseWork);
      tightenMode(paths.warehouseWork);
      const conn = await instance.connect();
      try {
        await checkAndStampFormat(conn, paths.warehouseWork);
      } catch (e) {
        closeQuietly(conn, instance);
        throw e;
      }
      return { instance, conn, close: () => closeQuietly(conn, instance) };
    } catch (e) {
      const holder = lockHolderPid(e);
      if (holder === undefined) throw openErrorFor(e, paths.warehouseWork, 'work') ?? e;
      if (Date.now() - started >= waitMs) throw new WarehouseBusy(holder, Date.now() - started);
      if (!told) {
        opts.onWait?.(holder);
        told = true;
      }
      await new Promise((r) => setTimeout(r, 200));
    }
  }
}

/** Run `fn` on the private work warehouse and close it after (also on error). */
export async function withWorkWarehouse<T>(paths: DataPaths, fn: (conn: DuckDBConnection) => Promise<T>, opts: OpenWorkOptions = {}): Promise<T> {
  const wh = await openWork(paths, opts);
  try {
    return await fn(wh.conn);
  } finally {
    wh.close();
  }
}

/**
 * Open the published warehouse read-only (for report / sql / export and the dashboard).
 * `conn.closeSync()` also closes the DuckDB instance, so the file's lock is released at once.
 */
export async function openReadOnly(paths: DataPaths): Promise<DuckDBConnection> {
  if (!fs.existsSync(paths.warehouse)) {
    throw new UserError(`no warehouse at ${paths.warehouse} yet`, 'run `agentdag ingest` once to build it');
  }
  const { DuckDBInstance } = await import('@duckdb/node-api');
  let instance: DuckDBInstance;
  try {
    instance = await DuckDBInstance.create(paths.warehouse, { access_mode: 'READ_ONLY' });
  } catch (e) {
    const known = openErrorFor(e, paths.warehouse, 'published');
    if (known) throw known;
    throw new UserError(
      `cannot open the warehouse read-only: ${(e as Error).message}`,
      'a process has opened warehouse.duckdb read-write; close it (the published file is meant to be read-only) and retry',
    );
  }
  const conn = await instance.connect();
  const closeConn = conn.closeSync.bind(conn);
  const close = () => closeQuietly({ closeSync: closeConn } as DuckDBConnection, instance);
  try {
    await checkFormatReadOnly(conn, paths.warehouse);
  } catch (e) {
    close();
    throw e;
  }
  conn.closeSync = close;
  conn.disconnectSync = close;
  return conn;
}

/** Run `fn` on a read-only connection to the published warehouse and close it after. */
export async function withReadOnly<T>(paths: DataPaths, fn: (conn: DuckDBConnection) => Promise<T>): Promise<T> {
  const conn = await openReadOnly(paths);
  try {
    return await fn(conn);
  } finally {
    conn.closeSync();
  }
}

/** How the published copy was made: a copy-on-write clone (no data copied) or a full copy. */
export type PublishMethod = 'clone' | 'copy';

/**
 * Copy `from` to `to`: as a copy-on-write clone where the file system can (APFS, btrfs, XFS with
 * reflink: the blocks are shared until either file changes, so a 1 GB warehouse publishes in
 * milliseconds), else as a plain copy (ext4, tmpfs, …).
 */
export function cloneOrCopy(from: string, to: string): PublishMethod {
  try {
    fs.copyFileSync(from, to, fs.constants.COPYFILE_FICLONE_FORCE);
    return 'clone';
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code !== 'ENOTSUP' && code !== 'EOPNOTSUPP' && code !== 'EXDEV' && code !== 'ENOSYS' && code !== 'EINVAL' && code !== 'EPERM') throw e;
    fs.rmSync(to, { force: true });
    fs.copyFileSync(from, to);
    return 'copy';
  }
}

/**
 * Publish the work warehouse as `warehouse.duckdb`: CHECKPOINT (so the file holds everything
 * and its WAL is empty), clone or copy to a temp file beside the target, fsync, rename over the
 * target, fsync the directory. Called while still holding the work file, so two ingests cannot
 * publish out of order. A crash leaves either the old or the new published file, plus at worst a
 * temp file that the next publish removes.
 */
export async function publish(paths: DataPaths, conn: DuckDBConnection): Promise<PublishMethod> {
  await conn.run('CHECKPOINT');
  removeStaleTemps(paths);
  const tmp = `${paths.warehouse}.tmp-${process.pid}-${Date.now()}`;
  const method = cloneOrCopy(paths.warehouseWork, tmp);
  fs.chmodSync(tmp, PUBLISHED_MODE);
  fsyncPath(tmp);
  crashPoint('mid-publish');
  // A WAL left beside the published name belongs to the old file: DuckDB would replay it onto
  // the new one. It only exists if someone opened the published copy read-write.
  fs.rmSync(`${paths.warehouse}.wal`, { force: true });
  fs.renameSync(tmp, paths.warehouse);
  fsyncPath(path.dirname(paths.warehouse));
  return method;
}

function removeStaleTemps(paths: DataPaths): void {
  const dir = path.dirname(paths.warehouse);
  const prefix = `${path.basename(paths.warehouse)}.tmp-`;
  for (const name of fs.readdirSync(dir)) {
    if (name.startsWith(prefix)) fs.rmSync(path.join(dir, name), { force: true });
  }
}

export function fsyncPath(p: string): void {
  let fd: number | undefined;
  try {
    fd = fs.openSync(p, 'r');
    fs.fsyncSync(fd);
  } catch {
    // Directories cannot be fsynced on every platform (Windows); the rename is still atomic.
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
}

function tightenMode(file: string): void {
  try {
    fs.chmodSync(file, 0o600);
  } catch {
    /* not ours to change */
  }
}

function closeQuietly(conn: Pick<DuckDBConnection, 'closeSync'>, instance: DuckDBInstance): void {
  try {
    conn.closeSync();
  } catch {
    /* already closed */
  }
  try {
    instance.closeSync();
  } catch {
    /* already closed */
  }
}

/**
 * Run `fn` in a transaction. When the caller already holds one, DuckDB refuses a nested BEGIN:
 * then `fn` simply joins the caller's transaction.
 */
export async function withTransaction<T>(conn: DuckDBConnection, fn: () => Promise<T>): Promise<T> {
  let own = true;
  try {
    await conn.run('BEGIN TRANSACTION');
  } catch (err) {
    if (!/transaction/i.test((err as Error).message)) throw err;
    own = false;
  }
  try {
    const out = await fn();
    if (own) await conn.run('COMMIT');
    return out;
  } catch (err) {
    if (own) await conn.run('ROLLBACK').catch(() => undefined);
    throw err;
  }
}

/** DuckDB TIMESTAMP parameter from a JS Date (UTC, naive). */
export async function timestampValue(d: Date): Promise<DuckDBValue> {
  const { DuckDBTimestampValue } = await import('@duckdb/node-api');
  return new DuckDBTimestampValue(BigInt(d.getTime()) * 1000n);
}

/** A private temp dir for ingest's scratch files (0700, inside the data dir so renames stay on one disk). */
export function scratchDir(paths: DataPaths): string {
  const dir = path.join(paths.dir, 'tmp');
  fs.mkdirSync(dir, { recursive: true, mode: DIR_MODE });
  return dir;
}
