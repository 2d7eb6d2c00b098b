// In-process machines for the fast lake tests: a data dir whose work warehouse gets raw rows
// written straight into its raw tables (as ingest would store them), pushed and loaded through
// the product's own functions. The slow tests (team.test.ts) use real ingests instead.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { dataPaths, type DataPaths } from '../../core/data-dir';
import { silentProgress } from '../../ingest/contracts';
import { applyRawSchema } from '../../warehouse/schema';
import { pushToLake, type PushSummary } from '../../ingest/lake/push';
import { loadLake, type LakeLoadStats } from '../../ingest/lake/load';
import { openWork } from '../../warehouse/db';
import { runStatements } from '../../warehouse/sql-files';

export function tempDir(tag: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), `agentdag-lake-${tag}-`));
}

/** Run `fn` on a data dir's work warehouse, raw tables created. */
export async function withWork<T>(paths: DataPaths, fn: (conn: DuckDBConnection) => Promise<T>): Promise<T> {
  const wh = await openWork(paths);
  try {
    await applyRawSchema(wh.conn);
    return await fn(wh.conn);
  } finally {
    wh.close();
  }
}

export class Machine {
  readonly paths: DataPaths;
  private run = 0;

  constructor(
    readonly host: string,
    home = tempDir(host),
  ) {
    this.paths = dataPaths(home);
  }

  /**
   * One "ingest run": hook events `ids` (sessions s-<i % 3>) and one transcript line per id,
   * stored with this run's arrival time (each run a second after the last).
   */
  async store(ids: string[], opts: { payload?: (id: string) => object; hookHost?: string } = {}): Promise<void> {
    const at = new Date(Date.UTC(2026, 10, 23, 12, 0, this.run++)).toISOString().replace('T', ' ').replace('Z', '');
    const rows = ids.map((id, i) => ({
      id,
      // Two days of events, so a batch spans day partitions.
      ts: `2026-11-${21 + (i % 2)} 10:00:${String(i % 60).padStart(2, '0')}`,
      host: opts.hookHost ?? this.host,
      session: `s-${i % 3}`,
      payload: JSON.stringify(opts.payload?.(id) ?? { hook_event_name: 'PostToolUse', tool_name: 'Bash', tool_input: { command: `echo ${id}` } }),
      off: i * 100,
      line: JSON.stringify({ type: 'assistant', id }),
    }));
    const staged = `(SELECT unnest(from_json($rows, '[{"id":"VARCHAR","ts":"VARCHAR","host":"VARCHAR","session":"VARCHAR","payload":"VARCHAR","off":"BIGINT","line":"VARCHAR"}]'), recursive := true))`;
    await withWork(this.paths, async (conn) => {
      await conn.run(
        `INSERT INTO raw_hook_events SELECT id, 1, CAST(ts AS TIMESTAMP), host, 'PostToolUse', session, NULL, NULL, CAST(payload AS JSON),
                NULL, NULL, 'seg-1.jsonl', off, CAST($at AS TIMESTAMP) FROM ${staged}`,
        { rows: JSON.stringify(rows), at },
      );
      await conn.run(
        `INSERT INTO raw_transcript_lines SELECT 'file-' || id, 0, session, NULL, 'assistant', CAST(ts AS TIMESTAMP), 'msg-' || id, 'req-1',
                CAST(line AS JSON), NULL, CAST($at AS TIMESTAMP) FROM ${staged}`,
        { rows: JSON.stringify(rows), at },
      );
    });
  }

  async push(lakeDir: string, group = false): Promise<PushSummary> {
    return withWork(this.paths, async (conn) => {
      await runStatements(conn, 'load', 'record_machine', { host: this.host }); // as ingest and push do
      return pushToLake(conn, { lakeDir, host: this.host, group, progress: silentProgress });
    });
  }

  async load(lakeDir: string): Promise<LakeLoadStats> {
    return withWork(this.paths, (conn) => loadLake(conn, { lakeDir, now: new Date(), progress: silentProgress }));
  }

  /** Rows of a query on the work warehouse. */
  async rows(sql: string): Promise<Record<string, unknown>[]> {
    return withWork(this.paths, async (conn) => (await conn.runAndReadAll(sql)).getRowObjectsJS() as Record<string, unknown>[]);
  }
}

/** Rows of a query over the lake's files, read by DuckDB (in memory, no warehouse). */
export async function lakeQuery(sql: string): Promise<Record<string, unknown>[]> {
  const inst = await DuckDBInstance.create(':memory:');
  const conn = await inst.connect();
  try {
    return (await conn.runAndReadAll(sql)).getRowObjectsJS() as Record<string, unknown>[];
  } finally {
    conn.closeSync();
    inst.closeSync();
  }
}

/** `read_parquet` of one raw table of the lake, as every engine would read it (Hive partitions). */
export function rawGlob(lake: string, table: string): string {
  return `read_parquet('${path.join(lake, 'raw', table)}/*/*/*.parquet', hive_partitioning = true, hive_types = {'host': VARCHAR, 'day': DATE})`;
}

/** Every file under a folder, relative, sorted. */
export function filesUnder(dir: string): string[] {
  return (fs.readdirSync(dir, { recursive: true }) as string[]).filter((f) => fs.statSync(path.join(dir, f)).isFile()).sort();
}

/** Every row of a Parquet file as hyparquet (a pure-JavaScript reader, no DuckDB) reads it. */
export async function readWithHyparquet(file: string): Promise<Record<string, unknown>[]> {
  const { asyncBufferFromFile, parquetReadObjects } = await import('hyparquet'); // an ES module
  return parquetReadObjects({ file: await asyncBufferFromFile(file) });
}
