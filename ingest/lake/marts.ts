// The team build's facts and reports for other engines: DIR/marts/<mart>/day=<YYYY-MM-DD>/data.parquet
// (Hive-partitioned by day), or DIR/marts/<mart>/data.parquet for marts with no day (dims,
// all-history aggregates). Written by `agentdag ingest --lake DIR` after the model build.
//
// A day is replaced by renaming its new file over the old one: a reader sees the old day or the
// new day, never half of one and never none (a folder cannot be swapped atomically, a file can).
// Each day's rows are fingerprinted (the mart's columns + an order-free hash of its rows) and only
// the days whose fingerprint changed are written; days that lost all their rows are removed.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { DuckDBConnection } from '@duckdb/node-api';
import { crashPoint } from '../../core/crash';
import { utcTimestamp } from '../../core/time';
import { PUBLIC_OBJECTS } from '../../warehouse/public-objects';
import { withTransaction } from '../../warehouse/db';
import { lakeSubdir, lakeTempDir, openLake, placeFile, removeStaleTemps, type Lake } from './lake-dir';
import { columnsOf, ident, literal, rowsLake, runLake, type Column } from './lake-sql';

export interface LakeMart {
  /** DIR/marts/<name>/: the public object's own name, and what it is read from. */
  name: string;
  /** The column whose date is the day partition, or null for one unpartitioned file. */
  day: string | null;
}

/**
 * Every public object but the raw tables (DIR/raw/ holds those) and its day column: facts by
 * their call date, per-session and per-task reports by their start, daily reports by their day;
 * null for dims and all-history aggregates (one file each). A public object missing here is a
 * test failure (test/lake/marts-list.test.ts), so a new one gets placed.
 */
export const MART_DAYS: Readonly<Record<string, string | null>> = {
  fact_execution_step: 'call_date',
  fact_api_call: 'call_date',
  fact_routing_decision: 'call_date',
  fact_synthesis_result: 'call_date',
  fact_verification: 'call_date',
  fact_task_decomposition: 'call_date',
  fact_pruning_event: 'call_date',
  fact_session_event: 'call_date',
  v_api_call_cost: 'call_date',
  dim_agent: null,
  dim_model_pricing: null,
  v_session_summary: 'started_at',
  task_executions: 'started_at',
  v_tool_success_rates: null,
  v_routing_success: null,
  v_cost_per_routing_pattern: null,
  v_decomposition_quality: null,
  v_cost_by_model_day: 'day',
  v_unpriced_models: null,
  v_subagents: 'synthesized_at',
  v_slow_sessions: 'started_at',
  v_tool_sequence_ngrams: null,
  usage_daily_aggregates: 'date',
  dag_executions: 'created_at',
  dag_execution_steps: 'created_at',
  task_cost: 'claimed_at',
  v_cost_per_task: 'claimed_at',
  v_cost_per_verified_task: null,
  parallel_execution_waves: 'started_at',
  wave_statistics: 'started_at',
  v_wave_progress: 'started_at',
  concurrent_execution_sessions: 'started_at',
  v_hosts: null,
};

export const LAKE_MARTS: readonly LakeMart[] = PUBLIC_OBJECTS.filter((o) => !o.name.startsWith('raw_')).map((o) => ({ name: o.name, day: MART_DAYS[o.name] ?? null }));

export const UNPARTITIONED = '';

/** A column at a type every engine reads the same (see sql/lake/marts_source.sql). */
function portable(c: Column): string {
  const q = ident(c.name);
  if (c.type === 'HUGEINT') return `CAST(${q} AS DECIMAL(38, 0)) AS ${q}`;
  if (c.type === 'UBIGINT') return `CAST(${q} AS DECIMAL(20, 0)) AS ${q}`;
  if (c.type === 'TIMESTAMP') return `timezone('UTC', ${q}) AS ${q}`;
  if (c.type === 'JSON' || c.type === 'UUID') return `CAST(${q} AS VARCHAR) AS ${q}`;
  return q;
}

export interface MartWrite {
  mart: string;
  days_written: number;
  days_removed: number;
  rows_written: number;
}

function martFile(lake: Lake, mart: string, day: string): string {
  return day === UNPARTITIONED ? path.join(lakeSubdir(lake, 'marts', mart), 'data.parquet') : path.join(lakeSubdir(lake, 'marts', mart, `day=${day}`), 'data.parquet');
}

async function writeMart(conn: DuckDBConnection, lake: Lake, m: LakeMart, now: string): Promise<MartWrite | null> {
  const columns = await columnsOf(conn, m.name);
  if (columns.length === 0) return null;
  if (m.day && !columns.some((c) => c.name === m.day)) throw new Error(`${m.name} has no column ${m.day} to partition its mart by day (ingest/lake/marts.ts)`);
  if (!m.day && columns.some((c) => c.name === 'day')) throw new Error(`${m.name} has a column "day": partition its mart by it (ingest/lake/marts.ts)`);
  const schema = columns.map((c) => `${c.name}:${c.type}`).join(',');
  await runLake(conn, 'marts_source', {}, {
    source: ident(m.name),
    columns: columns.filter((c) => c.name !== 'day').map(portable).join(', '),
    day: m.day ? `CAST(${ident(m.day)} AS DATE)` : 'CAST(NULL AS DATE)',
  });
  const out: MartWrite = { mart: m.name, days_written: 0, days_removed: 0, rows_written: 0 };
  try {
    const current = new Map<string, { n: number; fp: string }>();
    for (const r of await rowsLake(conn, 'marts_fingerprints')) {
      const day = m.day ? String(r.day) : UNPARTITIONED;
      const prev = current.get(day);
      current.set(day, { n: Number(r.n) + (prev?.n ?? 0), fp: `${schema}|${r.h}` });
    }
    if (!m.day && current.size === 0) current.set(UNPARTITIONED, { n: 0, fp: `${schema}|empty` });
    const stored = new Map((await rowsLake(conn, 'marts_state', { lake_id: lake.id, mart: m.name })).map((r) => [String(r.day), String(r.fingerprint)]));
    const todo = [...current].filter(([day, c]) => stored.get(day) !== c.fp).map(([day]) => day).sort();
    const gone = [...stored.keys()].filter((day) => !current.has(day)).sort();
    if (todo.length === 0 && gone.length === 0) return out;

    const tmp = lakeTempDir(lake, 'marts');
    try {
      const written: string[] = [];
      if (!m.day) {
        await runLake(conn, 'marts_write_whole', {}, { target: literal(path.join(tmp, 'data.parquet')) });
        placeFile(lake, path.join(tmp, 'data.parquet'), martFile(lake, m.name, UNPARTITIONED));
        written.push(UNPARTITIONED);
      } else if (todo.length > 0) {
        await runLake(conn, 'marts_todo');
        const a = await conn.createAppender('lake_mart_todo', 'main', 'temp');
        for (const d of todo) {
          a.appendVarchar(d);
          a.endRow();
        }
        a.closeSync();
        await runLake(conn, 'marts_write_days', {}, { target: literal(path.join(tmp, 'days')) });
        for (const day of todo) {
          const folder = path.join(tmp, 'days', `day=${day}`);
          const parts = fs.readdirSync(folder).filter((f) => f.endsWith('.parquet'));
          if (parts.length !== 1) throw new Error(`marts ${m.name} day ${day}: DuckDB wrote ${parts.length} files, expected 1`);
          placeFile(lake, path.join(folder, parts[0]), martFile(lake, m.name, day));
          written.push(day);
          crashPoint('marts-mid-days');
        }
      }
      for (const day of gone) {
        const folder = path.join(lake.dir, 'marts', m.name, `day=${day}`);
        fs.rmSync(path.join(folder, 'data.parquet'), { force: true });
        fs.rmSync(folder, { recursive: false, force: true }); // empty now; a foreign file keeps it (rm refuses)
      }
      await withTransaction(conn, async () => {
        for (const day of written) {
          const c = current.get(day)!;
          await runLake(conn, 'marts_record_day', { lake_id: lake.id, mart: m.name, day, rows: c.n, fingerprint: c.fp, now });
          out.rows_written += c.n;
        }
        for (const day of gone) await runLake(conn, 'marts_forget_day', { lake_id: lake.id, mart: m.name, day });
      });
      out.days_written = written.length;
      out.days_removed = gone.length;
    } finally {
      fs.rmSync(tmp, { recursive: true, force: true });
    }
    return out;
  } finally {
    await runLake(conn, 'marts_unstage');
  }
}

export interface MartsSummary {
  /** Nothing a mart reads changed since they were last written (the model build did not run). */
  skipped: boolean;
  marts: number;
  days_written: number;
  days_removed: number;
  rows_written: number;
  changed: MartWrite[];
}

export async function writeMarts(conn: DuckDBConnection, lakeDir: string, when: Date = new Date()): Promise<MartsSummary> {
  const lake = openLake(lakeDir, { create: false });
  removeStaleTemps(lake, 'marts');
  const now = utcTimestamp(when);
  const sum: MartsSummary = { skipped: false, marts: 0, days_written: 0, days_removed: 0, rows_written: 0, changed: [] };
  const { written_from: from, built } = (await rowsLake(conn, 'marts_built_from', { lake_id: lake.id }))[0];
  if (built !== null && from === built) return { ...sum, skipped: true };
  for (const m of LAKE_MARTS) {
    const w = await writeMart(conn, lake, m, now);
    if (!w) continue;
    sum.marts++;
    if (w.days_written + w.days_removed === 0) continue;
    sum.changed.push(w);
    sum.days_written += w.days_written;
    sum.days_removed += w.days_removed;
    sum.rows_written += w.rows_written;
  }
  if (built !== null) await runLake(conn, 'marts_record_day', { lake_id: lake.id, mart: '*', day: UNPARTITIONED, rows: 0, fingerprint: String(built), now });
  return sum;
}
