// `agentdag ingest --lake DIR` on the team machine: load every machine's lake files not loaded
// before (by name, once) into this warehouse's raw tables, one key once, so the model build makes
// the same warehouse a single machine would make of all the same data.
//
// Per raw table and chunk of new files, one transaction stores the rows and the files' names
// (raw_lake_files): a run killed anywhere is followed by one that loads exactly the rest.
// - `first` tables: a key already here, or earlier in the chunk, is skipped (a journal pushed from
//   two machines, a transcript copied between them, counts once).
// - `latest` tables: the newest version of a key replaces the stored one.
// - the sessions of the rows are marked for the model build (build_pending_sessions), like every loader.
// - rows get this run's arrival time (the build rebuilds what arrived), and their origin file is
//   named `lake:<host>:<file>` (the transcript step never looks for another machine's files here).
import * as path from 'node:path';
import type { DuckDBConnection } from '@duckdb/node-api';
import { crashPoint } from '../../core/crash';
import { utcTimestamp } from '../../core/time';
import { withTransaction } from '../../warehouse/db';
import type { Progress } from '../contracts';
import { mayHaveNewFiles, readManifests, recordedBatches, recordManifests } from './host-manifests';
import { listRawFiles, openLake, type Lake, type LakeFile } from './lake-dir';
import { columnsOf, ident, literal, rowsLake, runLake, type Column } from './lake-sql';
import { LAKE_RAW_TABLES, lakeColumn, type LakeRawTable } from './raw-tables';

/**
 * Files per transaction, and their Parquet bytes: bounds the rows staged at once on a first load
 * of a long-lived lake (32 MiB of Parquet is ~600,000 hook events, ~400 MiB staged).
 */
const CHUNK_FILES = 200;
const CHUNK_BYTES = 32 * 2 ** 20;

export interface LakeTableLoad {
  table: string;
  files: number;
  rows_read: number;
  rows_new: number;
}

export interface LakeLoadStats {
  lake: string;
  lake_id: string;
  files_new: number;
  rows_read: number;
  rows_new: number;
  hosts: string[];
  tables: LakeTableLoad[];
}

/** How each column of the raw table is filled from a staged lake row `s`. */
function valueOf(t: LakeRawTable, c: Column, staged: ReadonlySet<string>): string {
  if (c.name === t.arrival) return 'CAST($loaded_at AS TIMESTAMP)';
  const from = lakeColumn(t, c.name);
  if (!staged.has(from)) return `CAST(NULL AS ${c.type})`; // pushed before the table had this column
  if (c.name === t.origin) return `'lake:' || s.host || ':' || s.${ident(from)}`;
  return `s.${ident(from)}`;
}

async function loadChunk(conn: DuckDBConnection, lake: Lake, t: LakeRawTable, target: readonly Column[], files: readonly LakeFile[], now: string): Promise<LakeTableLoad> {
  const abs = files.map((f) => path.join(lake.dir, ...f.rel.split('/')));
  await runLake(conn, 'load_listing');
  const listing = await conn.createAppender('lake_load_listing', 'main', 'temp');
  files.forEach((f, i) => {
    listing.appendVarchar(f.rel);
    listing.appendVarchar(abs[i]);
    listing.appendVarchar(f.host);
    listing.appendVarchar(f.day);
    listing.appendBigInt(BigInt(f.bytes));
    listing.endRow();
  });
  listing.closeSync();
  await runLake(conn, 'load_stage_files', {}, { files: `[${abs.map(literal).join(', ')}]` });
  const staged = new Set((await columnsOf(conn, 'lake_load_rows')).map((c) => c.name));
  const rowsRead = Number((await rowsLake(conn, 'load_staged_count'))[0].n);
  const vars = {
    table: ident(t.table),
    columns: target.map((c) => ident(c.name)).join(', '),
    values: target.map((c) => valueOf(t, c, staged)).join(', '),
    key: t.key.map((k) => `s.${ident(lakeColumn(t, k))}`).join(', '),
    key_match: t.key.map((k) => `t.${ident(k)} = s.${ident(lakeColumn(t, k))}`).join(' AND '),
    order: `s.${ident(lakeColumn(t, t.newSince))}`,
  };
  let rowsNew = 0;
  await withTransaction(conn, async () => {
    const repeats = Number((await rowsLake(conn, 'load_repeats', {}, vars))[0].repeats);
    if (repeats === 0) {
      rowsNew = await changed(conn, 'load_insert_all', vars, now);
    } else if (t.keep === 'first') {
      rowsNew = await changed(conn, 'load_insert_first', vars, now);
    } else {
      const replaced = await changed(conn, 'load_delete_latest', vars, now);
      rowsNew = (await changed(conn, 'load_insert_latest', vars, now)) - replaced;
    }
    if (t.session && staged.has(lakeColumn(t, t.session))) {
      const session = { session: ident(lakeColumn(t, t.session)) };
      await runLake(conn, 'load_sessions', { loaded_at: now }, session);
      await runLake(conn, 'load_pending_sessions', {}, session);
    }
    await runLake(conn, 'load_record_files', { lake_id: lake.id, table: t.table, loaded_at: now });
    crashPoint('lake-load-before-commit');
  });
  await runLake(conn, 'load_unstage');
  return { table: t.table, files: files.length, rows_read: rowsRead, rows_new: rowsNew };
}

/** Rows a statement changed (DuckDB answers an INSERT or DELETE with a one-row count). */
async function changed(conn: DuckDBConnection, name: string, vars: Record<string, string>, now: string): Promise<number> {
  const rows = await rowsLake(conn, name, name.startsWith('load_insert') ? { loaded_at: now } : {}, vars);
  return Number(Object.values(rows[0] ?? { n: 0 })[0]);
}

/** Consecutive runs of files within CHUNK_FILES and CHUNK_BYTES (a bigger file goes alone). */
function chunks(files: readonly LakeFile[]): LakeFile[][] {
  const out: LakeFile[][] = [];
  let cur: LakeFile[] = [];
  let bytes = 0;
  for (const f of files) {
    if (cur.length > 0 && (cur.length >= CHUNK_FILES || bytes + f.bytes > CHUNK_BYTES)) {
      out.push(cur);
      cur = [];
      bytes = 0;
    }
    cur.push(f);
    bytes += f.bytes;
  }
  if (cur.length > 0) out.push(cur);
  return out;
}

export async function loadLake(conn: DuckDBConnection, opts: { lakeDir: string; now: Date; progress: Progress }): Promise<LakeLoadStats> {
  const lake = openLake(opts.lakeDir, { create: false });
  const now = utcTimestamp(opts.now);
  const loaded = new Set((await rowsLake(conn, 'load_loaded_files', { lake_id: lake.id })).map((r) => String(r.path)));
  const manifests = readManifests(lake);
  const byHost = new Map(manifests.map((m) => [m.host, m]));
  const before = await recordedBatches(conn, lake);
  const work: [LakeRawTable, Column[], LakeFile[]][] = [];
  for (const t of LAKE_RAW_TABLES) {
    if (t.hostScoped) continue; // task-graph rows: ids restart on every machine (not loaded yet, see README)
    const target = await columnsOf(conn, t.table);
    const fresh = listRawFiles(lake, t.table, (host) => mayHaveNewFiles(host, t.table, byHost, before)).filter((f) => !loaded.has(f.rel));
    if (target.length > 0 && fresh.length > 0) work.push([t, target, fresh]);
  }
  const stats: LakeLoadStats = { lake: lake.dir, lake_id: lake.id, files_new: 0, rows_read: 0, rows_new: 0, hosts: [], tables: [] };
  opts.progress.start('lake', work.reduce((n, [, , f]) => n + f.length, 0));
  try {
    for (const [t, target, fresh] of work) {
      const sum: LakeTableLoad = { table: t.table, files: 0, rows_read: 0, rows_new: 0 };
      for (const chunk of chunks(fresh)) {
        const r = await loadChunk(conn, lake, t, target, chunk, now);
        sum.files += r.files;
        sum.rows_read += r.rows_read;
        sum.rows_new += r.rows_new;
        opts.progress.tick(chunk.length);
      }
      stats.tables.push(sum);
      stats.files_new += sum.files;
      stats.rows_read += sum.rows_read;
      stats.rows_new += sum.rows_new;
    }
  } finally {
    opts.progress.stop();
  }
  await recordManifests(conn, lake, manifests, now);
  stats.hosts = manifests.map((m) => m.host);
  return stats;
}
