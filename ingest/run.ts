// One `agentdag ingest` run: the orchestration every ingest stage plugs into.
//
// 1. Lock. The private work warehouse `warehouse.work.duckdb` is opened read-write; DuckDB's file
//    lock on it IS the ingest lock (the kernel drops it when the process dies, SIGKILL included).
//    A second ingest waits up to --wait seconds, saying so on stderr, then exits 75 with
//    "another ingest is running (pid N)". Nothing else ever opens the work file.
// 2. The raw tables (sql/raw) are created if missing, here and nowhere else (warehouse/schema.ts).
// 3. Loaders write raw_* only, each in transactions that also store how far it read and which
//    sessions it touched (build_pending_sessions):
//      journal      ingest/journal-load.ts   segments and --journal files → raw_hook_events, raw_rejects
//      transcripts  ingest/transcripts.ts    Claude Code transcripts → raw_transcript_*
//      task graph   ingest/task-graph.ts     tasks.sqlite → raw_tg_*
//      lake         ingest/lake/load.ts      --lake DIR: every machine's pushed files → raw_*
//    (--lake also writes the team marts to DIR/marts/ after the checks; --push-to DIR pushes
//    this machine's new raw rows before publishing: ingest/lake/.)
// 4. The model build (warehouse/build.ts): the sessions touched since the last build, or
//    everything when the model SQL or the prices changed (or --rebuild). One transaction.
// 5. The checks (sql/checks): failures reported (stderr, --json, exit 1), not thrown (warehouse/checks.ts).
// 6. Publish (warehouse/db.ts): CHECKPOINT, clone or copy to a temp file, rename over
//    warehouse.duckdb. Readers only ever open that copy, read-only.
// Each stage is idempotent: a SIGKILL at any point is followed by a rerun that gives the same
// warehouse. A stage that throws stops the run before publishing (what it committed is safe in
// the work file and published by the next successful run).
import * as os from 'node:os';
import * as fs from 'node:fs';
import type { DuckDBConnection } from '@duckdb/node-api';
import { version } from '../core/package';
import { ensureDataDir, type DataPaths } from '../core/data-dir';
import { openWork, publish, scratchDir, timestampValue, type PublishMethod } from '../warehouse/db';
import { applyRawSchema } from '../warehouse/schema';
import type { CheckFailure } from '../warehouse/checks';
import type { BuildResult } from '../warehouse/build';
import { skipList, type Progress, type Skipped, type TaskGraphStepStats, type TranscriptStepStats } from './contracts';
import { crashPoint } from '../core/crash';
import { machineName } from '../core/machine';
import { runStatements } from '../warehouse/sql-files';
import { intakeInbox, rotateJournal } from './journal-files';
import { emptyJournalStats, ingestJournal, type JournalStats } from './journal-load';
import { loadLake, type LakeLoadStats } from './lake/load';
import { writeMarts, type MartsSummary } from './lake/marts';
import { pushAfterIngest, type PushOptions, type PushSummary } from './lake/push';

export interface IngestOptions {
  paths: DataPaths;
  /** `--transcripts DIR`: a whole Claude Code projects folder to import. */
  transcriptsDir?: string;
  /** `--journal FILE…`: journals read in place (copied from other machines). */
  externalJournals: string[];
  /** How long to wait for a running ingest. */
  waitMs: number;
  graceMs: number;
  keepSegments: boolean;
  progress: Progress;
  warn: (message: string) => void;
  onWait?: (holderPid: number | null) => void;
  /** Stages to run (tests and bench: AGENTDAG_INGEST_STEPS=journal); default all. */
  steps?: ReadonlySet<Stage>;
  /** `--rebuild`: rebuild every model from raw, whatever changed. */
  rebuild?: boolean;
  /** `--lake DIR`: load every machine's new lake files, and write the team marts there. */
  lakeDir?: string;
  /** `--push-to DIR`: push this machine's new raw rows to a lake (before publishing; a failure is warned, not thrown). */
  push?: Omit<PushOptions, 'progress'>;
}

export type Stage = 'journal' | 'transcripts' | 'task-graph' | 'models' | 'checks';
export const ALL_STAGES: readonly Stage[] = ['journal', 'transcripts', 'task-graph', 'models', 'checks'];

export interface IngestSummary {
  events_read: number;
  events_new: number;
  events_duplicate: number;
  rejected: number;
  api_calls_new: number;
  journal: JournalStats & { segments_rotated: number; inbox_files: number };
  transcripts: TranscriptStepStats | null;
  task_graph: TaskGraphStepStats | null;
  /** What the model build did: 'full' (and why), 'incremental' (sessions_rebuilt), or 'skipped'. */
  models: BuildResult | null;
  /** The user's pricing.json could not be used: the warehouse is priced with the bundled prices only. */
  pricing_error: { file: string; line: number | null; problem: string } | null;
  checks_failed: CheckFailure[];
  /** The model build was skipped (nothing new): checks_failed is what the last run's checks found, not run again. */
  checks_reused: boolean;
  /** Items a stage could not take (stored nowhere), with the fix: ingest exits 1 when there are any. */
  skipped: Skipped[];
  lake: LakeLoadStats | null;
  /** What the team build wrote to DIR/marts/ (with --lake). */
  marts: MartsSummary | null;
  push: PushSummary | null;
  published: string | null;
  /** 'clone' (copy-on-write, where the file system allows) or 'copy'. */
  publish_method: PublishMethod | null;
  /** Why this run published: its own changes, or rows an earlier run committed but did not publish. */
  published_because: 'changes' | 'earlier run not published' | null;
  warnings: string[];
  /** Wall time per stage (lock wait included in `lock`). */
  timings_ms: Record<string, number>;
  elapsed_ms: number;
}

export function stagesFromEnv(env: NodeJS.ProcessEnv = process.env): ReadonlySet<Stage> {
  const v = env.AGENTDAG_INGEST_STEPS;
  if (!v) return new Set(ALL_STAGES);
  return new Set(v.split(',').map((s) => s.trim()).filter((s): s is Stage => (ALL_STAGES as readonly string[]).includes(s)));
}

export async function runIngest(opts: IngestOptions): Promise<IngestSummary> {
  const started = Date.now();
  const timings: Record<string, number> = {};
  let mark = started;
  const lap = (name: string) => {
    const t = Date.now();
    timings[name] = t - mark;
    mark = t;
  };
  const steps = opts.steps ?? new Set(ALL_STAGES);
  const warnings: string[] = [];
  const warn = (m: string) => {
    warnings.push(m);
    opts.warn(m);
  };
  const { skipped, skip } = skipList();
  ensureDataDir(opts.paths.dir);
  // Committed work left in the WAL by a run killed before it published (read before opening:
  // opening may replay and checkpoint it).
  const walPending = fileSize(`${opts.paths.warehouseWork}.wal`) > 0;
  const wh = await openWork(opts.paths, { waitMs: opts.waitMs, onWait: opts.onWait });
  let publishedNow = false;
  try {
    lap('lock');
    crashPoint('after-lock');
    const conn = wh.conn;
    await applyRawSchema(conn);
    await runStatements(conn, 'load', 'record_machine', { host: machineName() });
    lap('schema');
    // Rows an earlier run committed without publishing them (it crashed, or its build failed).
    const unpublishedBefore = walPending || needsPublish(opts.paths);

    const now = new Date();
    const rotated = rotateJournal(opts.paths, now) ? 1 : 0;
    const inbox = intakeInbox(opts.paths, now).length;
    crashPoint('after-rotate');
    lap('rotate');

    const journal = steps.has('journal')
      ? await ingestJournal(conn, {
          paths: opts.paths,
          externalJournals: opts.externalJournals,
          graceMs: opts.graceMs,
          keepSegments: opts.keepSegments,
          ingestedAt: now,
          progress: opts.progress,
        })
      : emptyJournalStats();
    crashPoint('after-journal');
    lap('journal');

    const lake = opts.lakeDir ? await loadLake(conn, { lakeDir: opts.lakeDir, now, progress: opts.progress }) : null;
    if (lake) lap('lake');

    let transcripts: TranscriptStepStats | null = null;
    if (steps.has('transcripts')) {
      const { ingestTranscripts } = await import('./transcripts.js');
      transcripts = await ingestTranscripts(conn, { extraDir: opts.transcriptsDir, progress: opts.progress, warn, skip }, scratchDir(opts.paths));
      lap('transcripts');
    }
    let taskGraph: TaskGraphStepStats | null = null;
    if (steps.has('task-graph')) {
      const { snapshotTaskGraph } = await import('./task-graph.js');
      taskGraph = await snapshotTaskGraph(conn, opts.paths.tasks, { scratch: scratchDir(opts.paths), skip });
      lap('task_graph');
    }
    let models: BuildResult | null = null;
    let pricingError: IngestSummary['pricing_error'] = null;
    if (steps.has('models')) {
      const { buildModels } = await import('../warehouse/build.js');
      const { effectivePrices } = await import('../warehouse/pricing.js');
      const prices = effectivePrices(opts.paths.pricing);
      if (prices.ignored) {
        pricingError = { file: prices.ignored.file, line: prices.ignored.line, problem: prices.ignored.problem };
        warn(`${prices.ignored.message}. The warehouse was priced with the bundled prices only, without your overrides: fix the file and run \`agentdag ingest\` again.`);
      }
      models = await buildModels(conn, { prices: prices.rows, rebuild: opts.rebuild, progress: opts.progress, scratchDir: scratchDir(opts.paths) });
      if (models.mode !== 'skipped') await (await import('../warehouse/unpriced.js')).warnUnpriced(conn, opts.paths.pricing, warn);
      lap('models');
    }
    const noChecks = { failures: [] as CheckFailure[], reused: false };
    const checks = steps.has('checks') ? await (await import('../warehouse/checks.js')).checkAfterBuild(conn, models) : noChecks;
    if (steps.has('checks')) lap('checks');
    const marts = opts.lakeDir && steps.has('models') ? await writeMarts(conn, opts.lakeDir, now) : null;
    if (marts) lap('marts');

    const push = opts.push ? await pushAfterIngest(conn, { ...opts.push, progress: opts.progress }, warn) : null;
    if (push) lap('push');

    const changed =
      (push?.files ?? 0) > 0 ||
      journal.commits > 0 ||
      journal.segments_deleted > 0 ||
      (lake?.files_new ?? 0) > 0 ||
      (transcripts?.lines_read ?? 0) > 0 ||
      (transcripts?.metas_changed ?? 0) > 0 ||
      (taskGraph?.events_new ?? 0) > 0 ||
      (models !== null && models.mode !== 'skipped') ||
      (marts?.days_written ?? 0) + (marts?.days_removed ?? 0) > 0;
    if (changed) await recordRun(conn, now, journal, transcripts);
    let published: string | null = null;
    let method: PublishMethod | null = null;
    // Publish when this run (any stage) or a run killed before publishing wrote to the work
    // file: committed writes sit in its WAL, or (after an automatic checkpoint) made it newer
    // than the published copy. A run that wrote nothing leaves the copy alone.
    if (changed || unpublishedBefore || fileSize(`${opts.paths.warehouseWork}.wal`) > 0 || needsPublish(opts.paths)) {
      crashPoint('before-publish');
      method = await publish(opts.paths, conn);
      published = opts.paths.warehouse;
      publishedNow = true;
      crashPoint('after-publish');
      lap('publish');
    }
    return {
      events_read: journal.lines_read,
      events_new: journal.events_new,
      events_duplicate: journal.events_duplicate,
      rejected: journal.rejected,
      api_calls_new: transcripts?.api_calls_new ?? 0,
      journal: { ...journal, segments_rotated: rotated, inbox_files: inbox },
      transcripts,
      task_graph: taskGraph,
      models,
      pricing_error: pricingError,
      checks_failed: checks.failures,
      checks_reused: checks.reused,
      skipped,
      lake,
      marts,
      push,
      published,
      publish_method: method,
      published_because: published === null ? null : changed ? 'changes' : 'earlier run not published',
      warnings,
      timings_ms: timings,
      elapsed_ms: Date.now() - started,
    };
  } finally {
    wh.close();
    // Closing checkpoints the work file once more, which makes it look newer than the copy just
    // published although nothing changed; mark the copy as current, or every run would publish.
    if (publishedNow) touch(opts.paths.warehouse);
  }
}

function touch(file: string): void {
  try {
    const now = new Date();
    fs.utimesSync(file, now, now);
  } catch {
    /* the next run publishes once more: harmless */
  }
}

function fileSize(file: string): number {
  try {
    return fs.statSync(file).size;
  } catch {
    return 0;
  }
}

/** True when warehouse.duckdb is missing or older than the work file (its last publish was interrupted). */
function needsPublish(paths: DataPaths): boolean {
  try {
    const pub = fs.statSync(paths.warehouse);
    const work = fs.statSync(paths.warehouseWork);
    return pub.mtimeMs < work.mtimeMs;
  } catch {
    return true;
  }
}

async function recordRun(conn: DuckDBConnection, startedAt: Date, j: JournalStats, t: TranscriptStepStats | null): Promise<void> {
  await conn.run(
    `INSERT INTO ingest_runs VALUES ($started, $finished, $files, $lines, $new, $dup, $rej, $api, $tfiles, $deleted, $host, $version)`,
    {
      started: await timestampValue(startedAt),
      finished: await timestampValue(new Date()),
      files: j.files_read,
      lines: j.lines_read,
      new: j.events_new,
      dup: j.events_duplicate,
      rej: j.rejected,
      api: t?.api_calls_new ?? 0,
      tfiles: t?.files_read ?? 0,
      deleted: j.segments_deleted,
      host: os.hostname(),
      version: version(),
    },
  );
}
