// The one model build: every file of sql/<layer>/ in layer order (warehouse/model-files.ts), in one
// transaction, so a crash anywhere leaves the previous build.
//
// A build is one of:
//   full         the model SQL or the prices changed (their fingerprint), `agentdag ingest --rebuild`,
//                or the first build: every table is created anew from raw, views and macros too.
//   incremental  only the sessions with new or replaced raw rows since the last build
//                (build_pending_sessions, written by the loaders with their rows), plus the
//                sessions sharing an API message with them: their rows of every session-keyed
//                table are deleted and recomputed, day-keyed tables for the days they touch,
//                sums over sessions get the touched sessions' difference added (refreshSums); the
//                tables built whole (prices, task-graph marts) and the reports' all-history tables
//                are rebuilt when something they read changed in this build, else kept
//                (warehouse/build-changes.ts).
//   skipped      nothing pending and the task graph unchanged: the build writes nothing.
// The parse/ layer's temp tables are made anew in every build (full or incremental), for the
// sessions it covers, and dropped at its end.
// The same model SQL serves both: models filter their inputs with in_scope(session_id), which a
// full build defines as `true` (sql/build/scope_*.sql). test/warehouse/incremental.property.test.ts
// checks that an incremental warehouse equals a full rebuild, table for table.
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { DuckDBConnection } from '@duckdb/node-api';
import { BuildChanges } from './build-changes';
import { dropRetired } from './build-retired';
import { scopeEverything, scopeSessions } from './build-scope';
import { withTransaction } from './db';
import { LAYERS, loadModels, type Layer, type Model } from './model-files';
import { priceRowsNdjson, type PriceRow } from './pricing';
import { silentProgress, type Progress } from './progress';
import { readSql, runStatements, sqlNames } from './sql-files';

/** Bump when the runner itself changes how it builds (the fingerprint then forces a full build). */
const RUNNER_VERSION = 2; // 2: report macros take machine := NULL

export interface BuildOptions {
  prices: PriceRow[];
  /** Rebuild everything (`agentdag ingest --rebuild`). */
  rebuild?: boolean;
  progress?: Progress;
  /** A private folder for the price rows file. */
  scratchDir: string;
  /** bench/views.ts only: a full build of this layer and the later ones (its facts are generated, not built from raw). */
  fromLayer?: Layer;
}

export interface BuildResult {
  mode: 'full' | 'incremental' | 'skipped';
  /** Why a full build: 'first build', 'model SQL changed', 'prices changed', '--rebuild'. */
  reason: string | null;
  /** Sessions whose rows were recomputed (incremental builds). */
  sessions_rebuilt: number;
  /** Incremental builds: the tables (and all-history tables) kept as they were, nothing they read having changed. */
  tables_kept: string[];
  days_rebuilt: number;
  models: number;
  build_ms: number;
  /** When the build before this run's ran (build_state.built_at, UTC; null: none): what the checks recorded is keyed by it. */
  previous_built_at: string | null;
}

function sha256(parts: string[]): string {
  const h = createHash('sha256');
  for (const p of parts) h.update(p).update('\0');
  return h.digest('hex');
}

/** What a build depends on besides raw rows: the model SQL, the runner's own SQL, the prices. */
function fingerprint(models: Model[], prices: PriceRow[]): string {
  const sql = sha256([String(RUNNER_VERSION), ...models.map((m) => `${m.layer}/${m.name}\n${readSql(m.layer, m.name)}`), ...sqlNames('build').map((n) => readSql('build', n))]);
  return `${sql}:${sha256([JSON.stringify(prices)])}`;
}

async function scalar(conn: DuckDBConnection, sql: string): Promise<unknown> {
  return (await conn.runAndReadAll(sql)).getRowsJS()[0]?.[0] ?? null;
}

interface PreviousBuild {
  fingerprint: string;
  tg_snapshot_id: number;
  built_at: string;
}

async function previousBuild(conn: DuckDBConnection): Promise<PreviousBuild | null> {
  const row = (await conn.runAndReadAll('SELECT fingerprint, tg_snapshot_id, CAST(built_at AS VARCHAR) AS built_at FROM build_state')).getRowObjectsJS()[0];
  return row ? { fingerprint: String(row.fingerprint), tg_snapshot_id: Number(row.tg_snapshot_id), built_at: String(row.built_at) } : null;
}

function fullReason(prev: PreviousBuild | null, fp: string, rebuild: boolean): string | null {
  if (rebuild) return '--rebuild';
  if (!prev) return 'first build';
  if (prev.fingerprint === fp) return null;
  return prev.fingerprint.split(':')[0] !== fp.split(':')[0] ? 'model SQL changed' : 'prices changed';
}

export async function buildModels(conn: DuckDBConnection, opts: BuildOptions): Promise<BuildResult> {
  const started = Date.now();
  const progress = opts.progress ?? silentProgress;
  const first = opts.fromLayer ? LAYERS.findIndex((l) => l.layer === opts.fromLayer) : 0;
  // parse/'s temp tables are always made: a later layer may read them, and no earlier build left them.
  const models = loadModels().filter((m) => m.kind === 'temp' || LAYERS.findIndex((l) => l.layer === m.layer) >= first);
  const fp = fingerprint(models, opts.prices);
  const prev = await previousBuild(conn);
  const reason = fullReason(prev, fp, Boolean(opts.rebuild || opts.fromLayer));
  const full = reason !== null;
  const snapshot = Number(await scalar(conn, 'SELECT coalesce(max(snapshot_id), 0) FROM raw_tg_snapshots'));
  const pending = Number(await scalar(conn, 'SELECT count(*) FROM build_pending_sessions'));
  const result: BuildResult = { mode: full ? 'full' : 'incremental', reason, sessions_rebuilt: 0, tables_kept: [], days_rebuilt: 0, models: 0, build_ms: 0, previous_built_at: prev?.built_at ?? null };
  if (!full && pending === 0 && snapshot === prev!.tg_snapshot_id) {
    return { ...result, mode: 'skipped', build_ms: Date.now() - started };
  }

  const priceFile = path.join(opts.scratchDir, `prices-${process.pid}-${Date.now()}.ndjson`);
  fs.writeFileSync(priceFile, priceRowsNdjson(opts.prices), { mode: 0o600 });
  const steps = models.length + models.filter((m) => m.allHistory).length;
  progress.start('models', steps);
  try {
    await withTransaction(conn, async () => {
      await runStatements(conn, 'build', 'price_rows', { file: priceFile });
      if (full) {
        await scopeEverything(conn);
      } else {
        result.sessions_rebuilt = await scopeSessions(conn);
        for (const m of models) if (m.refresh === 'sums') await snapshotSums(conn, m);
      }
      const kinds = await relationKinds(conn);
      const changes = full ? null : await BuildChanges.since(conn, models, prev!.tg_snapshot_id, snapshot, prev!.built_at);
      let daysAdded = full;
      for (const m of models) {
        if (!full && m.refresh === 'day' && !daysAdded) {
          await runStatements(conn, 'build', 'scope_days'); // the days the rebuilt sessions have now
          daysAdded = true;
        }
        const changed = await buildModel(conn, m, changes, kinds);
        changes?.record(m, changed);
        progress.tick();
        result.models++;
        if (m.allHistory) {
          if (changed) await createTable(conn, kinds, m.allHistory, `SELECT * FROM ${m.name}(NULL::TIMESTAMP, NULL::TIMESTAMP, NULL::VARCHAR)`, `sql/reports/${m.name}.sql (all history)`);
          else changes!.kept.push(m.allHistory);
          progress.tick();
        }
      }
      result.tables_kept = [...(changes?.kept ?? [])].sort();
      for (const m of models) {
        if (m.kind === 'temp') await conn.run(`DROP TABLE IF EXISTS temp.main.${m.name}`); // their memory, before checks and publish
        if (m.refresh === 'sums') await conn.run(`DROP TABLE IF EXISTS temp.main.${sumsBefore(m)}`);
      }
      if (!full) result.days_rebuilt = Number(await scalar(conn, 'SELECT count(*) FROM build_days'));
      if (full && !opts.fromLayer) await dropRetired(conn, models);
      result.build_ms = Date.now() - started;
      await runStatements(conn, 'build', 'record_build', {
        fingerprint: fp,
        tg_snapshot_id: snapshot,
        mode: result.mode,
        sessions_rebuilt: result.sessions_rebuilt,
        build_ms: result.build_ms,
      });
    });
  } finally {
    progress.stop();
    fs.rmSync(priceFile, { force: true });
  }
  return result;
}

/** What each relation of the work file is; read once per build (a catalog query costs ~5 ms, ×90 models). */
type RelationKinds = Map<string, 'VIEW' | 'BASE TABLE'>;

async function relationKinds(conn: DuckDBConnection): Promise<RelationKinds> {
  const rows = (await conn.runAndReadAll(`SELECT table_name, table_type FROM information_schema.tables WHERE table_catalog = current_database() AND table_schema = 'main'`)).getRowsJS();
  return new Map(rows.map(([name, type]) => [String(name), type === 'VIEW' ? 'VIEW' : 'BASE TABLE']));
}

/**
 * One model: created anew in a full build (`changes` null); in an incremental one, views and macros
 * stay, and a table refreshes by its key unless nothing it reads changed in this build.
 * Returns whether what the model holds (or, for a view or macro, returns) may have changed.
 */
async function buildModel(conn: DuckDBConnection, m: Model, changes: BuildChanges | null, kinds: RelationKinds): Promise<boolean> {
  const where = `sql/${m.layer}/${m.name}.sql`;
  const full = changes === null;
  try {
    if (m.kind === 'temp') {
      await conn.run(`CREATE OR REPLACE TEMP TABLE ${m.name} AS\n${m.body}`);
      return true;
    }
    if (m.kind === 'macro') {
      // machine: a host name (agentdag report --host) or NULL; optional, so (since, until, session) calls still work.
      if (full) await conn.run(`CREATE OR REPLACE MACRO ${m.name}(since, until, session, machine := NULL) AS TABLE\n${m.body}`);
      return full || changes.inputsChanged(m);
    }
    if (m.kind === 'view') {
      if (full) {
        await dropIfKindChanged(conn, kinds, m.name, 'VIEW');
        await conn.run(`CREATE OR REPLACE VIEW ${m.name} AS\n${m.body}`);
      }
      return full || changes.inputsChanged(m);
    }
    if (full) {
      await createTable(conn, kinds, m.name, m.body, where);
      return true;
    }
    if (!changes.inputsChanged(m)) {
      changes.kept.push(m.name);
      return false;
    }
    if (m.refresh === 'whole') await createTable(conn, kinds, m.name, m.body, where);
    if (m.refresh === 'sums') await refreshSums(conn, m);
    if (m.refresh === 'whole' || m.refresh === 'sums') return true;
    const scope = m.refresh === 'session' ? 'in_scope(session_id)' : 'in_day_scope(day)';
    const deleted = (await conn.run(`DELETE FROM ${m.name} WHERE ${scope}`)).rowsChanged;
    const inserted = (await conn.run(`INSERT INTO ${m.name} BY NAME SELECT * FROM (\n${m.body}\n) WHERE ${scope}`)).rowsChanged;
    return deleted + inserted > 0;
  } catch (err) {
    throw new Error(`${where}: ${(err as Error).message}`);
  }
}

/** Where an incremental build keeps what a sums table's touched sessions added up to before it. */
function sumsBefore(m: Model): string {
  return `sums_before_${m.name}`;
}

/** Before any model changes: the touched sessions' share of a sums table (its body over the build's scope). */
async function snapshotSums(conn: DuckDBConnection, m: Model): Promise<void> {
  try {
    await conn.run(`CREATE OR REPLACE TEMP TABLE ${sumsBefore(m)} AS\n${m.body}`);
  } catch (err) {
    throw new Error(`sql/${m.layer}/${m.name}.sql (before the build): ${(err as Error).message}`);
  }
}

/**
 * A sums table after its source was rebuilt for the sessions in scope: old totals + their share
 * now − their share before. A key whose sums all come to 0 no longer occurs. Each sum keeps its
 * column's type, so the table is the same as a full build's.
 */
async function refreshSums(conn: DuckDBConnection, m: Model): Promise<void> {
  const cols = (await conn.runAndReadAll(
    `SELECT column_name, data_type FROM information_schema.columns
     WHERE table_catalog = current_database() AND table_schema = 'main' AND table_name = $1 ORDER BY ordinal_position`,
    [m.name],
  )).getRowsJS().map(([name, type]) => ({ name: String(name), type: String(type) }));
  const sums = cols.filter((c) => !m.key.includes(c.name));
  const key = m.key.join(', ');
  await conn.run(`CREATE OR REPLACE TEMP TABLE sums_after_${m.name} AS
    SELECT ${key}, ${sums.map((c) => `CAST(sum(${c.name}) AS ${c.type}) AS ${c.name}`).join(', ')}
    FROM (
        SELECT * FROM ${m.name}
        UNION ALL BY NAME SELECT * FROM (\n${m.body}\n)
        UNION ALL BY NAME SELECT ${key}, ${sums.map((c) => `-${c.name} AS ${c.name}`).join(', ')} FROM ${sumsBefore(m)}
    )
    GROUP BY ${key}
    HAVING ${sums.map((c) => `sum(${c.name}) <> 0`).join(' OR ')}`);
  await conn.run(`DELETE FROM ${m.name}`);
  await conn.run(`INSERT INTO ${m.name} BY NAME SELECT * FROM sums_after_${m.name}`);
  await conn.run(`DROP TABLE sums_after_${m.name}`);
}

async function createTable(conn: DuckDBConnection, kinds: RelationKinds, name: string, body: string, where: string): Promise<void> {
  try {
    await dropIfKindChanged(conn, kinds, name, 'BASE TABLE');
    await conn.run(`CREATE OR REPLACE TABLE ${name} AS\n${body}`);
  } catch (err) {
    throw new Error(`${where}: ${(err as Error).message}`);
  }
}

/** CREATE OR REPLACE refuses to replace a view by a table or back (an object that changed kind between versions). */
async function dropIfKindChanged(conn: DuckDBConnection, kinds: RelationKinds, name: string, want: 'VIEW' | 'BASE TABLE'): Promise<void> {
  const have = kinds.get(name);
  if (have === 'VIEW' && want !== 'VIEW') await conn.run(`DROP VIEW ${name}`);
  if (have === 'BASE TABLE' && want !== 'BASE TABLE') await conn.run(`DROP TABLE ${name}`);
  kinds.set(name, want);
}
