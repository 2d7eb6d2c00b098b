// Building the warehouse model: staging views over raw_*, materialised dim_*/fact_* tables, the
// report macros (rpt_*) and the views over them (v_*), in dependency order, in one transaction.
//
// Facts are rebuilt whole (CREATE OR REPLACE TABLE … AS) from raw: raw_* is the only state, every
// fix to a fact's SQL applies to all history, and a crash mid-build leaves the previous build.
// The views then read narrow, typed tables instead of extracting JSON from every event per query.
// A build whose inputs (raw row counts and watermarks, prices, model SQL) are unchanged is skipped.
import { createHash } from 'node:crypto';
import type { DuckDBConnection } from '@duckdb/node-api';
import type { BuildModels } from '../ingest/contracts';
import { ensureTranscriptTables } from '../ingest/transcripts';
import { withTransaction } from '../ingest/transcript-sources';
import { effectivePrices, loadPricing } from './pricing';
import { readSql, relationExists, runSql, sqlNames } from './sql-files';
import { buildTaskGraphModels } from '../ingest/task-graph-models';

/** Every model object in build order: [layer, name]. */
export const MODEL_ORDER: readonly (readonly [string, string])[] = [
  ['staging', 'stg_hook_events'],
  ['staging', 'stg_tool_batch_calls'],
  ['staging', 'stg_transcript_messages'],
  ['staging', 'stg_transcript_tool_uses'],
  ['staging', 'stg_subagent_meta'],
  ['dims', 'dim_model_pricing'],
  ['dims', 'dim_agent'],
  ['facts', 'fact_api_call'],
  ['dims', 'dim_model_price_map'],
  ['dims', 'dim_model_price_periods'],
  ['facts', 'fact_execution_step'],
  ['facts', 'agg_step_hourly'],
  ['facts', 'agg_api_hourly'],
  ['facts', 'fact_routing_decision'],
  ['facts', 'fact_synthesis_result'],
  ['facts', 'fact_verification'],
  ['facts', 'fact_task_decomposition'],
  ['facts', 'fact_pruning_event'],
  ['facts', 'fact_session_event'],
  ['reports', 'rpt_api_call_cost'],
  ['reports', 'rpt_api_cost_hourly'],
  ['reports', 'rpt_cost_by_model_day'],
  ['reports', 'rpt_unpriced_models'],
  ['reports', 'rpt_tool_success'],
  ['reports', 'rpt_routing_success'],
  ['reports', 'rpt_cost_per_routing_pattern'],
  ['reports', 'rpt_decomposition_quality'],
  ['reports', 'rpt_sessions'],
  ['reports', 'rpt_slow_sessions'],
  ['reports', 'rpt_tool_ngrams'],
  ['reports', 'rpt_subagents'],
  ['reports', 'rpt_usage_daily'],
  ['facts', 'mat_session_summary'],
  ['facts', 'mat_tool_success_rates'],
  ['facts', 'mat_routing_success'],
  ['facts', 'mat_cost_per_routing_pattern'],
  ['facts', 'mat_decomposition_quality'], // built again after the task-graph models (buildModels)
  ['facts', 'mat_cost_by_model_day'],
  ['facts', 'mat_unpriced_models'],
  ['facts', 'mat_subagents'],
  ['facts', 'mat_slow_sessions'],
  ['facts', 'mat_usage_daily'],
  ['facts', 'mat_tool_ngrams'],
  ['views', 'v_api_call_cost'],
  ['views', 'v_cost_by_model_day'],
  ['views', 'v_unpriced_models'],
  ['views', 'v_tool_success_rates'],
  ['views', 'v_routing_success'],
  ['views', 'v_cost_per_routing_pattern'],
  ['views', 'v_decomposition_quality'],
  ['views', 'v_session_summary'],
  ['views', 'v_slow_sessions'],
  ['views', 'v_tool_sequence_ngrams'],
  ['views', 'v_subagents'],
  ['views', 'usage_daily_aggregates'],
  ['views', 'task_executions'],
];

/** Create raw_hook_events (the ingest engineer's schema) if this warehouse has never loaded a journal. */
async function ensureRawTables(conn: DuckDBConnection): Promise<void> {
  if (!(await relationExists(conn, 'raw_hook_events'))) await runSql(conn, 'raw', 'raw_hook_events');
  await ensureTranscriptTables(conn);
  await runSql(conn, 'dims', 'model_build_state');
}

/**
 * When a model changes kind between versions (a view becomes a materialised table), CREATE OR
 * REPLACE refuses to replace the other kind: drop the old object first. Names come from MODEL_ORDER.
 */
async function dropIfKindChanged(conn: DuckDBConnection, layer: string, name: string): Promise<void> {
  const want = /CREATE\s+OR\s+REPLACE\s+(TABLE|VIEW)/i.exec(readSql(layer, name))?.[1]?.toUpperCase();
  if (!want) return;
  const r = await conn.runAndReadAll(`SELECT table_type FROM information_schema.tables WHERE table_schema = 'main' AND table_name = $1`, [name]);
  const have = r.getRowObjectsJS()[0]?.table_type as string | undefined;
  if (have === 'VIEW' && want === 'TABLE') await conn.run(`DROP VIEW ${name}`);
  if (have === 'BASE TABLE' && want === 'VIEW') await conn.run(`DROP TABLE ${name}`);
}

/** A hash of everything a build depends on. */
async function fingerprint(conn: DuckDBConnection, prices: unknown): Promise<string> {
  const r = await conn.runAndReadAll(`SELECT
      (SELECT count(*) FROM raw_hook_events) AS hooks,
      (SELECT CAST(max(ingested_at) AS VARCHAR) FROM raw_hook_events) AS hooks_at,
      (SELECT count(*) FROM raw_transcript_lines) AS lines,
      (SELECT CAST(max(ingested_at) AS VARCHAR) FROM raw_transcript_lines) AS lines_at,
      (SELECT count(*) FROM raw_transcript_subagent_meta) AS metas,
      (SELECT CAST(max(ingested_at) AS VARCHAR) FROM raw_transcript_subagent_meta) AS metas_at`);
  const h = createHash('sha256');
  h.update(JSON.stringify(r.getRowObjectsJson()));
  h.update(JSON.stringify(prices));
  for (const [layer, name] of MODEL_ORDER) h.update(readSql(layer, name));
  return h.digest('hex');
}

export interface BuildResult {
  skipped: boolean;
  build_ms: number;
}

export async function buildModelsWithResult(conn: DuckDBConnection, opts: { force?: boolean } = {}): Promise<BuildResult> {
  const started = Date.now();
  await ensureRawTables(conn);
  const prices = effectivePrices();
  const fp = await fingerprint(conn, prices);
  if (!opts.force) {
    const last = await conn.runAndReadAll('SELECT fingerprint FROM model_build_state');
    const prev = last.getRowObjectsJS()[0]?.fingerprint;
    if (prev === fp && (await relationExists(conn, 'task_executions'))) return { skipped: true, build_ms: Date.now() - started };
  }
  await withTransaction(conn, async () => {
    for (const [layer, name] of MODEL_ORDER) {
      await dropIfKindChanged(conn, layer, name);
      await runSql(conn, layer, name);
      if (name === 'dim_model_pricing') await loadPricing(conn, prices);
    }
    await conn.run('DELETE FROM model_build_state');
    await conn.run('INSERT INTO model_build_state VALUES ($1, now()::TIMESTAMP, $2)', [fp, Date.now() - started]);
  });
  return { skipped: false, build_ms: Date.now() - started };
}

/** The BuildModels stage of `agentdag ingest` (ingest/contracts.ts). */
export const buildModels: BuildModels = async (conn) => {
  const own = await buildModelsWithResult(conn);
  const dag = await buildTaskGraphModels(conn); // issue 5: DAG analytics over the task-graph snapshot (sql/dag/)
  // The task-graph build appends its fan-outs to fact_task_decomposition: refresh what reads it.
  if (!own.skipped || !dag.skipped) await runSql(conn, 'facts', 'mat_decomposition_quality');
};

/** Every model SQL file must be in MODEL_ORDER (a test checks; a forgotten file would never be built). */
export function unlistedModelFiles(): string[] {
  const listed = new Set(MODEL_ORDER.map(([l, n]) => `${l}/${n}`));
  const out: string[] = [];
  for (const layer of ['staging', 'dims', 'facts', 'reports', 'views']) {
    for (const name of sqlNames(layer)) if (!listed.has(`${layer}/${name}`) && name !== 'model_build_state') out.push(`${layer}/${name}`);
  }
  return out;
}

