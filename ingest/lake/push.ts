// `agentdag push --to DIR`: write what this machine's warehouse has that the lake does not, as new
// immutable Parquet files DIR/raw/<table>/host=<host>/day=<YYYY-MM-DD>/<batch>.parquet.
//
// Per raw table (ingest/lake/raw-tables.ts) and lake, the warehouse keeps a position: the largest
// new-since value already in the lake (lake_push_state). One push = per table at most one batch,
// the rows in (position, max] at the start of the push:
//   1. record the batch as pending (its range and id), commit;
//   2. stage its rows, redact them, COPY them to DIR/_tmp/, rename each day's file into place;
//   3. move the position to the batch's end, commit.
// A push killed anywhere redoes a pending batch first, with the same range and the same file
// names: a rename over a file of the first attempt replaces it with the same rows, so no reader
// ever counts a row twice. Push runs holding the work warehouse (the ingest lock), so no ingest
// adds rows while a batch is taken.
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { DuckDBConnection } from '@duckdb/node-api';
import { crashPoint, SimulatedCrash } from '../../core/crash';
import { UserError } from '../../core/errors';
import { version } from '../../core/package';
import { timestampValue } from '../../warehouse/db';
import type { Progress } from '../contracts';
import { lakeSubdir, lakeTempDir, openLake, placeFile, removeStaleTemps, writeFileAtomic, type Lake } from './lake-dir';
import { columnsOf, ident, literal, rowsLake, runLake, type Column } from './lake-sql';
import { LAKE_RAW_TABLES, lakeColumn, type LakeRawTable } from './raw-tables';
import { redactStagedBatch } from './redact-batch';

export interface PushOptions {
  lakeDir: string;
  /** This machine's name in the lake (core/machine.ts). */
  host: string;
  /** Make the lake group-shared (kept in DIR/_lake.json for every later push). */
  group?: boolean;
  progress: Progress;
}

export interface TablePush {
  table: string;
  rows: number;
  files: number;
  bytes: number;
  /** The batch written (null: nothing new). */
  batch: string | null;
  /** A batch a killed push had begun was written again first. */
  redone: boolean;
  /** Text values the lake's redaction changed. */
  redacted: number;
}

export interface PushSummary {
  lake: string;
  lake_id: string | null;
  host: string;
  /** With `ingest --push-to`: why the push failed (the ingest itself was published all the same). */
  error: string | null;
  rows: number;
  files: number;
  bytes: number;
  tables: TablePush[];
  elapsed_ms: number;
}

interface Batch {
  after: string | null;
  until: string;
  id: string;
}

interface Written {
  rows: number;
  files: number;
  bytes: number;
  redacted: number;
}

/** A batch's id, its files' name: the same range always gets the same name (a redo overwrites). */
function batchId(host: string, table: string, seq: number, after: string | null, until: string): string {
  const h = crypto.createHash('sha256').update([host, table, after ?? '', until].join('\0')).digest('hex').slice(0, 12);
  return `${String(seq).padStart(8, '0')}-${h}`;
}

function stageVars(t: LakeRawTable, columns: readonly Column[], type: string): Record<string, string> {
  return {
    table: ident(t.table),
    new_since: ident(t.newSince),
    type,
    columns: columns.map((c) => `${ident(c.name)} AS ${ident(lakeColumn(t, c.name))}`).join(', '),
    day: `CAST(${t.day} AS DATE)`,
  };
}

/** The staged batch's day folders in DIR/_tmp/…: [day, files]. DuckDB writes data_0.parquet per day. */
function writtenDays(tmp: string): [string, string[]][] {
  const names = fs.readdirSync(tmp).sort();
  // Every row has a day (raw-tables.ts says how): a folder of another name would be rows left behind.
  const odd = names.filter((n) => !/^day=\d{4}-\d{2}-\d{2}$/.test(n));
  if (odd.length) throw new Error(`push wrote ${odd.join(', ')} under ${tmp}: a raw table's day expression gave no date (ingest/lake/raw-tables.ts)`);
  return names.map((n) => [n.slice(4), fs.readdirSync(path.join(tmp, n)).filter((f) => f.endsWith('.parquet')).sort()]);
}

async function writeBatch(conn: DuckDBConnection, lake: Lake, host: string, t: LakeRawTable, columns: readonly Column[], type: string, b: Batch): Promise<Written> {
  await runLake(conn, 'push_stage_batch', { after: b.after, until: b.until }, stageVars(t, columns, type));
  const rows = Number((await rowsLake(conn, 'push_staged_count'))[0].n);
  const lakeColumns = columns.map((c) => ({ name: lakeColumn(t, c.name), type: c.type }));
  const redacted = await redactStagedBatch(conn, lakeColumns, rows);
  const tmp = lakeTempDir(lake, `push-${host}`);
  let files = 0;
  let bytes = 0;
  try {
    await runLake(conn, 'push_write_batch', {}, { target: literal(tmp) });
    for (const [day, parts] of writtenDays(tmp)) {
      const target = lakeSubdir(lake, 'raw', t.table, `host=${host}`, `day=${day}`);
      const names = parts.map((_p, i) => (i === 0 ? `${b.id}.parquet` : `${b.id}_${i}.parquet`));
      parts.forEach((p, i) => {
        const from = path.join(tmp, `day=${day}`, p);
        bytes += fs.statSync(from).size;
        placeFile(lake, from, path.join(target, names[i]));
        files++;
        crashPoint('push-mid-files');
      });
      // A first attempt that split the day into more files than this one: its extra parts go.
      for (const n of fs.readdirSync(target)) {
        const m = new RegExp(`^${b.id}_(\\d+)\\.parquet$`).exec(n);
        if (m && Number(m[1]) >= parts.length) fs.rmSync(path.join(target, n), { force: true });
      }
    }
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
    await runLake(conn, 'push_unstage');
  }
  return { rows, files, bytes, redacted };
}

async function endBatch(conn: DuckDBConnection, lake: Lake, t: LakeRawTable, b: Batch, w: Written): Promise<void> {
  crashPoint('push-before-commit');
  await runLake(conn, 'push_end_batch', {
    lake_id: lake.id,
    table: t.table,
    batch: b.id,
    rows: w.rows,
    files: w.files,
    bytes: w.bytes,
    now: (await timestampValue(new Date())) as never,
  });
}

async function pushTable(conn: DuckDBConnection, lake: Lake, host: string, t: LakeRawTable): Promise<TablePush | null> {
  const columns = await columnsOf(conn, t.table);
  if (columns.length === 0) return null; // this warehouse never made the table: nothing to push
  const type = columns.find((c) => c.name === t.newSince)?.type;
  if (!type) throw new Error(`${t.table} has no column ${t.newSince} (ingest/lake/raw-tables.ts names it as the table's new-since column)`);
  const out: TablePush = { table: t.table, rows: 0, files: 0, bytes: 0, batch: null, redone: false, redacted: 0 };
  const add = (w: Written) => {
    out.rows += w.rows;
    out.files += w.files;
    out.bytes += w.bytes;
    out.redacted += w.redacted;
  };
  const state = (await rowsLake(conn, 'push_state', { lake_id: lake.id, table: t.table }))[0];
  let after = (state?.pushed_until as string | null | undefined) ?? null;
  let seq = Number(state?.batches ?? 0) + 1;
  if (state?.pending_until) {
    const pending: Batch = { after, until: String(state.pending_until), id: String(state.pending_batch) };
    const w = await writeBatch(conn, lake, host, t, columns, type, pending);
    await endBatch(conn, lake, t, pending, w);
    add(w);
    out.redone = true;
    out.batch = pending.id;
    after = pending.until;
    seq++;
  }
  const end = (await rowsLake(conn, 'push_batch_end', { after }, { table: ident(t.table), new_since: ident(t.newSince), type }))[0];
  if (end.until === null || end.until === undefined) return out;
  const b: Batch = { after, until: String(end.until), id: batchId(host, t.table, seq, after, String(end.until)) };
  await runLake(conn, 'push_begin_batch', { lake_id: lake.id, table: t.table, after: b.after, until: b.until, batch: b.id, lake_path: lake.dir, host });
  crashPoint('push-after-begin');
  const w = await writeBatch(conn, lake, host, t, columns, type, b);
  await endBatch(conn, lake, t, b, w);
  add(w);
  out.batch = b.id;
  return out;
}

function manifestPath(lake: Lake, host: string): string {
  return path.join(lakeSubdir(lake, 'hosts'), `${host}.json`);
}

/**
 * Two data dirs pushing under one name (two laptops both called "MacBook-Pro") would mix their
 * folders and manifests: a push whose name the lake knows from another machine (another
 * machine_id in DIR/hosts/<host>.json) is refused before it writes anything.
 */
function checkName(lake: Lake, host: string, machineId: string): void {
  let theirs: unknown;
  try {
    theirs = (JSON.parse(fs.readFileSync(manifestPath(lake, host), 'utf8')) as { machine_id?: unknown }).machine_id;
  } catch {
    return; // no manifest yet: the name is free
  }
  if (typeof theirs === 'string' && theirs !== machineId) {
    throw new UserError(
      `another machine already pushes to ${lake.dir} as "${host}" (machine ${theirs}; this one is ${machineId})`,
      `give this machine its own name, e.g. export AGENTDAG_HOST=${host}-2 (set it for cron too); if it is the same machine with a new data dir, remove ${manifestPath(lake, host)} (its pushed files stay)`,
    );
  }
}

/** DIR/hosts/<host>.json: when this machine last pushed and how much (read by `report hosts`). */
async function writeHostManifest(conn: DuckDBConnection, lake: Lake, host: string, machineId: string): Promise<void> {
  const totals = await rowsLake(conn, 'push_totals', { lake_id: lake.id });
  const tables: Record<string, unknown> = {};
  for (const r of totals) {
    tables[String(r.table_name)] = {
      batches: Number(r.batches),
      rows: Number(r.rows_pushed),
      files: Number(r.files_pushed),
      bytes: Number(r.bytes_pushed),
      pushed_until: r.pushed_until,
      last_batch_at: r.last_push_at,
    };
  }
  const manifest = { host, machine_id: machineId, lake_id: lake.id, pushed_at: new Date().toISOString(), agentdag_version: version(), tables };
  writeFileAtomic(lake, manifestPath(lake, host), JSON.stringify(manifest, null, 2) + '\n');
}

export async function pushToLake(conn: DuckDBConnection, opts: PushOptions): Promise<PushSummary> {
  const started = Date.now();
  const lake = openLake(opts.lakeDir, { create: true, group: opts.group });
  const machineId = String((await rowsLake(conn, 'push_machine'))[0]?.machine_id ?? '');
  if (!machineId) throw new Error('raw_machine is empty: record the machine (sql/load/record_machine.sql) before pushing');
  checkName(lake, opts.host, machineId);
  removeStaleTemps(lake, `push-${opts.host}`);
  const tables: TablePush[] = [];
  opts.progress.start('push', LAKE_RAW_TABLES.length);
  try {
    for (const t of LAKE_RAW_TABLES) {
      const r = await pushTable(conn, lake, opts.host, t);
      if (r) tables.push(r);
      opts.progress.tick();
    }
  } finally {
    opts.progress.stop();
  }
  await writeHostManifest(conn, lake, opts.host, machineId);
  const sum = (k: 'rows' | 'files' | 'bytes') => tables.reduce((s, t) => s + t[k], 0);
  return { lake: lake.dir, lake_id: lake.id, host: opts.host, error: null, rows: sum('rows'), files: sum('files'), bytes: sum('bytes'), tables, elapsed_ms: Date.now() - started };
}

/**
 * `ingest --push-to DIR`, before the publish (so the published warehouse has the new position:
 * `report hosts` is current). A lake that cannot be written (unmounted, full, a symlink inside)
 * must not keep this machine's own data from being published: the error is warned and returned
 * (the CLI exits 1), never thrown. The next push redoes whatever this one left pending.
 */
export async function pushAfterIngest(conn: DuckDBConnection, opts: PushOptions, warn: (m: string) => void): Promise<PushSummary> {
  try {
    return await pushToLake(conn, opts);
  } catch (e) {
    if (e instanceof SimulatedCrash) throw e;
    const error = e instanceof UserError && e.fix ? `${e.message} (fix: ${e.fix})` : (e as Error).message;
    warn(`push to ${opts.lakeDir} failed: ${error}; this machine's data was ingested and published, run \`agentdag push --to ${opts.lakeDir}\` once the lake is back`);
    return { lake: opts.lakeDir, lake_id: null, host: opts.host, error, rows: 0, files: 0, bytes: 0, tables: [], elapsed_ms: 0 };
  }
}
