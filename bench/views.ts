// Bench suite "views": every report `agentdag report` offers (warehouse/reports.ts, from the
// public objects list, so a new report is timed without touching this file), over all history,
// the last day and every event, and one session's, over 10 M synthetic tool-call events (fact rows generated
// in SQL with the warehouse's own schemas), each as a ratio to a scan of 10 M values measured in
// the same run. Target (issue 11): < 100 ms each.
//   npm run bench -- views [--events=N] [--runs=N] [--build-events=N] [--keep]
// It also times the model build over --build-events synthetic raw hook events (default 1M).
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { DuckDBConnection } from '@duckdb/node-api';
import { REPORTS, findReport, reportSql } from '../warehouse/reports';
import { median } from './stats';

const DEFAULT_EVENTS = 10_000_000;
/** Every view and report, as a user waits for it. */
const TARGET_MS = 100;
const STEPS_PER_SESSION = 500;

function flag(flags: string[], name: string, fallback: number): number {
  const f = flags.find((x) => x.startsWith(`--${name}=`));
  return f ? Number(f.split('=')[1].replace(/_/g, '')) : fallback;
}

/** Fill the fact tables (created empty by a real model build) with `events` synthetic tool calls. */
async function generate(conn: DuckDBConnection, events: number): Promise<void> {
  const sessions = Math.max(1, Math.floor(events / STEPS_PER_SESSION));
  const p = [events, STEPS_PER_SESSION];
  // Tool calls: 20k sessions × 500 steps over 30 days; ~1 in 5 steps inside one of 2 subagents.
  await conn.run(
    `INSERT INTO fact_execution_step BY NAME
     SELECT 's' || (i // $2) AS session_id,
            'p' || (i // 50) AS goal_id,
            CASE WHEN i % 5 = 0 THEN 'tu_agent_' || (i // $2) || '_' || (i % 2) END AS task_id,
            CASE WHEN i % 5 = 0 THEN (['general-purpose', 'Explore', 'Plan'])[1 + ((i // $2) % 3)::BIGINT] ELSE 'main' END AS agent_name,
            CASE WHEN i % 5 = 0 THEN 'a' || (i // $2) || '_' || (i % 2) END AS agent_id,
            'claude-sonnet-4-5' AS model,
            (['Read', 'Bash', 'Edit', 'Grep', 'Glob', 'Write', 'Agent', 'TaskCreate'])[1 + (hash(i) % 8)::BIGINT] AS tool_name,
            'tu' || i AS tool_use_id,
            'p' || (i // 50) AS prompt_id,
            (hash(i * 7) % 2000)::BIGINT AS duration_ms,
            (hash(i * 3) % 20)::BIGINT AS input_tokens, (hash(i * 5) % 400)::BIGINT AS output_tokens,
            (hash(i * 11) % 20000)::BIGINT AS cache_read_tokens, (hash(i * 13) % 2000)::BIGINT AS cache_write_tokens,
            CASE WHEN hash(i * 17) % 100 < 90 THEN 'success' WHEN hash(i * 17) % 100 < 95 THEN 'error'
                 WHEN hash(i * 17) % 100 < 98 THEN 'denied' ELSE 'interrupted' END AS status,
            'msg' || (i // 2) AS api_message_id,
            TIMESTAMP '2026-10-01' + to_milliseconds((i * 259)::BIGINT) AS called_at,
            TIMESTAMP '2026-10-01' + to_milliseconds((i * 259 + 300)::BIGINT) AS finished_at,
            CAST(TIMESTAMP '2026-10-01' + to_milliseconds((i * 259)::BIGINT) AS DATE) AS call_date,
            'bench' AS record_source
     FROM range($1) t(i)`,
    p,
  );
  // API calls: one per two tool calls (a message with text + tool_use, then a second tool call).
  await conn.run(
    `INSERT INTO fact_api_call BY NAME
     SELECT 's' || (i * 2 // $2) AS session_id,
            CASE WHEN i % 5 = 0 THEN 'a' || (i * 2 // $2) || '_' || (i % 2) END AS agent_id,
            CASE WHEN i % 5 = 0 THEN 'general-purpose' ELSE 'main' END AS agent_name,
            CASE WHEN i % 5 = 0 THEN 'tu_agent_' || (i * 2 // $2) || '_' || (i % 2) END AS task_id,
            'msg' || i AS message_id, 'req' || i AS request_id,
            (['claude-sonnet-4-5', 'claude-haiku-4-5-20251001', 'claude-opus-4-5', 'claude-unknown-9'])[1 + (hash(i) % 4)::BIGINT] AS model,
            (hash(i * 3) % 20)::BIGINT AS input_tokens, (hash(i * 5) % 400)::BIGINT AS output_tokens,
            (hash(i * 11) % 150000)::BIGINT AS cache_read_tokens, (hash(i * 13) % 2000)::BIGINT AS cache_write_5m_tokens,
            (hash(i * 19) % 3 = 0)::BIGINT * 500 AS cache_write_1h_tokens,
            0::BIGINT AS prompt_tokens,
            TIMESTAMP '2026-10-01' + to_milliseconds((i * 518)::BIGINT) AS called_at,
            CAST(TIMESTAMP '2026-10-01' + to_milliseconds((i * 518)::BIGINT) AS DATE) AS call_date,
            'bench' AS record_source
     FROM range($1 // 2) t(i)`,
    p,
  );
  await conn.run(`UPDATE fact_api_call SET prompt_tokens = input_tokens + cache_read_tokens + cache_write_5m_tokens + cache_write_1h_tokens`);
  // Sessions: start, one stop per 50 steps, end.
  await conn.run(
    `INSERT INTO fact_session_event BY NAME
     SELECT 's' || s AS session_id, e AS event_type, e AS hook_event, 'h1' AS host,
            TIMESTAMP '2026-10-01' + to_milliseconds((s * $2 * 259 + CASE e WHEN 'start' THEN 0 WHEN 'stop' THEN $2 * 129 ELSE $2 * 259 END)::BIGINT) AS event_at,
            CAST(TIMESTAMP '2026-10-01' + to_milliseconds((s * $2 * 259)::BIGINT) AS DATE) AS call_date, 'bench' AS record_source
     FROM range($1) a(s), (VALUES ('start'), ('stop'), ('end')) b(e)`,
    [sessions, STEPS_PER_SESSION],
  );
  // Two subagents per session, each launched by an Agent call, each finished.
  await conn.run(
    `INSERT INTO dim_agent BY NAME
     SELECT 's' || s AS session_id, 'a' || s || '_' || k AS agent_id, (['general-purpose', 'Explore', 'Plan'])[1 + (s % 3)::BIGINT] AS agent_type,
            false AS is_compaction, 'tu_agent_' || s || '_' || k AS launch_tool_use_id, 1 AS spawn_depth,
            TIMESTAMP '2026-10-01' + to_milliseconds((s * $2 * 259)::BIGINT) AS started_at, 'completed' AS end_status
     FROM range($1) a(s), range(2) b(k)`,
    [sessions, STEPS_PER_SESSION],
  );
  await conn.run(
    `INSERT INTO fact_routing_decision BY NAME
     SELECT session_id, 'p' || session_id AS goal_id, launch_tool_use_id AS task_id, agent_type AS agent_name, 'Agent' AS tool_name,
            'bench' AS routing_reason, false AS run_in_background, 1 AS parallel_siblings, agent_id AS launched_agent_id,
            'main' AS launched_by, 'success' AS launch_status, started_at AS routed_at, CAST(started_at AS DATE) AS call_date, 'bench' AS record_source
     FROM dim_agent`,
  );
  await conn.run(
    `INSERT INTO fact_synthesis_result BY NAME
     SELECT session_id, 'p' || session_id AS goal_id, launch_tool_use_id AS task_id, agent_id, agent_type AS agent_name, 'claude-sonnet-4-5' AS model,
            'completed' AS status, 100 AS input_count, 100 AS tool_calls, 0 AS failed_tool_calls, 50 AS api_calls,
            1000 AS input_tokens, 5000 AS output_tokens, 100000 AS cache_read_tokens, 10000 AS cache_write_5m_tokens, 0 AS cache_write_1h_tokens,
            116000 AS total_tokens, 60000 AS duration_ms, 'high' AS quality_signal, 'parallel_merge' AS synthesis_strategy,
            started_at AS synthesized_at, CAST(started_at AS DATE) AS call_date, 'bench' AS record_source
     FROM dim_agent`,
  );
  await conn.run(
    `INSERT INTO cc_task_decomposition BY NAME
     SELECT session_id, goal_id, model, NULL AS parent_task, tool_use_id AS child_task, 1 AS decomposition_depth, 3 AS subtask_count,
            'parallel' AS strategy, 'task_create' AS fan_out_kind, api_message_id AS batch_key, agent_name, called_at AS decomposed_at, call_date, record_source
     FROM fact_execution_step WHERE tool_name IN ('TaskCreate', 'Agent')`,
  );
  await conn.run(
    `INSERT INTO fact_verification BY NAME
     SELECT session_id, goal_id, task_id, agent_name, 'test_run' AS verification_type, status = 'success' AS passed,
            0 AS error_count, 0 AS warning_count, called_at AS verified_at, call_date, record_source
     FROM fact_execution_step WHERE tool_name = 'Bash' AND hash(tool_use_id) % 10 = 0`,
  );
  await conn.run('CHECKPOINT');
}

/**
 * The build-time hourly aggregates and materialised reports, rebuilt over the generated facts with the model's own
 * SQL (the raw tables are empty here, so a full model build would wipe the facts).
 */
async function buildAggregates(conn: DuckDBConnection, dir: string): Promise<void> {
  const { buildModels } = await import('../warehouse/build.js');
  const { effectivePrices } = await import('../warehouse/pricing.js');
  // dims (the price lookup, from the generated calls' models), aggregates, marts, reports' tables
  await buildModels(conn, { prices: effectivePrices().rows, scratchDir: dir, fromLayer: 'dims' });
  // Unpriced data would time the cost joins against nothing: refuse to measure it.
  const priced = await conn.runAndReadAll('SELECT count(*) FROM v_cost_by_model_day WHERE cost_usd IS NOT NULL');
  if (Number(priced.getRows()[0][0]) === 0) throw new Error('bench views: the generated API calls came out unpriced (dim_model_price_periods empty?)');
  await conn.run('CHECKPOINT');
}

/** The data's last day (from its newest hour) and its first hour, as TIMESTAMP text. */
interface DataSpan {
  lastDay: string;
  firstDay: string;
}

interface Query {
  name: string;
  sql: string;
  /** Bound to $1..$n. */
  params: (span: DataSpan) => (string | null)[];
}

/**
 * Each report as `agentdag report <name>` runs it (cli/analyst.ts): with no window, its relation
 * over all history (some are tables materialised at build time); with --since, its macro over the
 * hourly aggregates, for the last day and for a window holding all the data (the widest window a
 * user can ask for: the macro's worst case); with --session, one session's.
 */
function queries(): Query[] {
  return [
    ...REPORTS.flatMap((r): Query[] => [
      { name: `report ${r.name} (${r.view}, all history)`, sql: reportSql(r, false), params: () => [] },
      { name: `report ${r.name} --since (last day)`, sql: reportSql(r, true), params: (s) => [s.lastDay, null, null, null] },
      { name: `report ${r.name} --since (first day: every event)`, sql: reportSql(r, true), params: (s) => [s.firstDay, null, null, null] },
    ]),
    { name: 'report sessions --session (one)', sql: reportSql(findReport('sessions')!, true), params: () => [null, null, 's42', null] },
  ];
}

async function time(conn: DuckDBConnection, sql: string, runs: number, params: (string | null)[] = []): Promise<{ median: number; rows: number }> {
  let rows = 0;
  const ms: number[] = [];
  for (let i = 0; i < runs + 1; i++) {
    const t = process.hrtime.bigint();
    const r = await conn.runAndReadAll(sql, params);
    const took = Number(process.hrtime.bigint() - t) / 1e6;
    rows = r.currentRowCount;
    if (i > 0) ms.push(took); // the first run warms the buffer pool
  }
  return { median: median(ms), rows };
}

/**
 * The model build (raw → staging → facts → aggregates) over `events` synthetic hook events: one
 * PreToolUse + PostToolUse + PostToolBatch per tool call, 500 calls per session. Reported as a
 * ratio to copying raw_hook_events once (CREATE TABLE AS SELECT *) in the same run.
 */
async function benchBuild(events: number, dir: string): Promise<void> {
  const duck = await import('@duckdb/node-api');
  const { buildModels } = await import('../warehouse/build.js');
  const { effectivePrices } = await import('../warehouse/pricing.js');
  const { applyRawSchema } = await import('../warehouse/schema.js');
  const inst = await duck.DuckDBInstance.create(path.join(dir, 'build.duckdb'));
  const conn = await inst.connect();
  const build = (rebuild: boolean) => buildModels(conn, { prices: effectivePrices().rows, scratchDir: dir, rebuild });
  try {
    await applyRawSchema(conn);
    const calls = Math.floor(events / 3);
    await conn.run(
      `INSERT INTO raw_hook_events
       WITH c AS (
           SELECT i, 's' || (i // 500) AS session_id, 'toolu_' || i AS tool_use_id,
                  (['Read', 'Bash', 'Edit', 'Grep'])[1 + (hash(i) % 4)::BIGINT] AS tool_name,
                  TIMESTAMP '2026-10-01' + to_milliseconds((i * 900)::BIGINT) AS ts
           FROM range($1) t(i))
       SELECT 'e' || i || '_' || k, 1, ts + to_milliseconds(k * 100), 'bench-host',
              (['PreToolUse', 'PostToolUse', 'PostToolBatch'])[k + 1], session_id, NULL, NULL,
              CASE k
                WHEN 0 THEN json_object('session_id', session_id, 'hook_event_name', 'PreToolUse', 'tool_name', tool_name,
                                        'tool_use_id', tool_use_id, 'prompt_id', 'p' || (i // 50), 'tool_input', json_object('command', 'ls -la', 'file_path', '/home/dev/project/README.md'))
                WHEN 1 THEN json_object('session_id', session_id, 'hook_event_name', 'PostToolUse', 'tool_name', tool_name,
                                        'tool_use_id', tool_use_id, 'prompt_id', 'p' || (i // 50), 'duration_ms', i % 900,
                                        'tool_input', json_object('command', 'ls -la'), 'tool_response', json_object('stdout', repeat('x', 200), 'stderr', ''))
                ELSE json_object('session_id', session_id, 'hook_event_name', 'PostToolBatch',
                                 'tool_calls', json_array(json_object('tool_use_id', tool_use_id, 'tool_name', tool_name, 'tool_response', 'ok')))
              END,
              NULL, NULL, 'bench', i * 3 + k, TIMESTAMP '2026-11-01'
       FROM c, range(3) r(k)`,
      [calls],
    );
    await conn.run('CHECKPOINT');
    const t0 = process.hrtime.bigint();
    await conn.run('CREATE TABLE copy_baseline AS SELECT * FROM raw_hook_events');
    const copyMs = Number(process.hrtime.bigint() - t0) / 1e6;
    await conn.run('DROP TABLE copy_baseline');
    const t1 = process.hrtime.bigint();
    await build(true);
    const buildMs = Number(process.hrtime.bigint() - t1) / 1e6;
    const t2 = process.hrtime.bigint();
    const again = await build(false);
    const skipMs = Number(process.hrtime.bigint() - t2) / 1e6;
    process.stdout.write(
      `model build over ${(calls * 3).toLocaleString('en-US')} raw hook events: ${(buildMs / 1000).toFixed(1)} s ` +
        `= ${(buildMs / copyMs).toFixed(1)}× copying raw_hook_events once (${(copyMs / 1000).toFixed(1)} s); ` +
        `unchanged rebuild ${again.mode === 'skipped' ? 'skipped' : 'NOT skipped'} in ${skipMs.toFixed(0)} ms\n\n`,
    );
  } finally {
    conn.closeSync();
    inst.closeSync();
  }
}

export async function run(flags: string[]): Promise<void> {
  const events = flag(flags, 'events', DEFAULT_EVENTS);
  const runs = flag(flags, 'runs', 7);
  const buildEvents = flag(flags, 'build-events', 1_000_000);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'agentdag-bench-views-'));
  const file = path.join(dir, 'warehouse.duckdb');
  const duck = await import('@duckdb/node-api');
  const { buildModels } = await import('../warehouse/build.js');
  const { effectivePrices } = await import('../warehouse/pricing.js');
  const { applyRawSchema } = await import('../warehouse/schema.js');
  process.env.AGENTDAG_HOME = dir; // no user pricing.json
  try {
    if (buildEvents > 0) await benchBuild(buildEvents, dir);
    const build = await duck.DuckDBInstance.create(file);
    const w = await build.connect();
    await applyRawSchema(w);
    await buildModels(w, { prices: effectivePrices().rows, scratchDir: dir, rebuild: true }); // the real schemas, empty
    const t0 = Date.now();
    await generate(w, events);
    const tb = Date.now();
    await buildAggregates(w, dir);
    const aggMs = Date.now() - tb;
    process.stdout.write(`generated ${events.toLocaleString('en-US')} tool-call events (+ ${(events / 2).toLocaleString('en-US')} API calls) in ${((Date.now() - t0) / 1000).toFixed(1)} s; ${(fs.statSync(file).size / 2 ** 20).toFixed(0)} MiB\n\n`);
    process.stdout.write(`hourly aggregates and materialised reports built in ${(aggMs / 1000).toFixed(1)} s (part of every model build)\n\n`);
    w.closeSync();
    build.closeSync();

    // Read-only, as `agentdag report` opens it.
    const inst = await duck.DuckDBInstance.create(file, { access_mode: 'READ_ONLY' });
    const conn = await inst.connect();
    // Two baselines: count(*) (answered from metadata) and a one-column scan of every step.
    const count = await time(conn, 'SELECT count(*) FROM fact_execution_step', runs);
    const base = await time(conn, 'SELECT sum(duration_ms) FROM fact_execution_step', runs);
    process.stdout.write(`baselines (median of ${runs}): SELECT count(*) FROM fact_execution_step ${count.median.toFixed(1)} ms; SELECT sum(duration_ms) (a scan of ${events.toLocaleString('en-US')} values) ${base.median.toFixed(1)} ms\n\n`);
    process.stdout.write('| view or report | rows | median ms | × scan | < 100 ms |\n|---|---:|---:|---:|---|\n');
    const span = (await conn.runAndReadAll(`SELECT CAST(max(call_hour) - INTERVAL 1 DAY AS VARCHAR) AS last_day, CAST(min(call_hour) AS VARCHAR) AS first_day FROM agg_step_hourly`)).getRowObjectsJS()[0];
    const dataSpan: DataSpan = { lastDay: String(span.last_day), firstDay: String(span.first_day) };
    const missed: string[] = [];
    for (const q of queries()) {
      const r = await time(conn, q.sql, runs, q.params(dataSpan));
      if (r.median >= TARGET_MS) missed.push(q.name);
      process.stdout.write(`| ${q.name} | ${r.rows} | ${r.median.toFixed(1)} | ${(r.median / base.median).toFixed(1)} | ${r.median < TARGET_MS ? 'yes' : 'NO'} |\n`);
    }
    process.stdout.write(`\n${missed.length === 0 ? `every report under ${TARGET_MS} ms` : `over ${TARGET_MS} ms: ${missed.join(', ')}`}\n`);
    conn.closeSync();
    inst.closeSync();
  } finally {
    if (!flags.includes('--keep')) fs.rmSync(dir, { recursive: true, force: true });
    else process.stdout.write(`kept ${dir}\n`);
  }
}
