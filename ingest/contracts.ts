// The seams between the ingest stages, so each stage can be built and tested on its own.
// ingest/run.ts calls, in one ingest: the journal step, then transcripts, then the task-graph
// snapshot (each writes raw_* only), then the model build (warehouse/build.ts), the checks and
// the publish.
import type { DuckDBConnection } from '@duckdb/node-api';
import type { Progress } from '../warehouse/progress';

export { silentProgress, type Progress } from '../warehouse/progress';

/**
 * Something a stage could not take (a transcript file, the task-graph snapshot, one task): one
 * bad item never stops the rest, but it is stored nowhere, so ingest says it (stderr, --json)
 * with the fix and exits 1. (Bad journal and transcript lines are stored as rejects instead.)
 */
export interface Skipped {
  stage: 'transcripts' | 'task-graph';
  item: string;
  reason: string;
  fix: string;
}

export interface TranscriptStepOptions {
  /** Extra folder to import whole (a Claude Code `projects/` dir), from `--transcripts DIR`. */
  extraDir?: string;
  progress: Progress;
  /** Warnings for the user (e.g. a short cleanupPeriodDays), printed by the caller on stderr. */
  warn: (message: string) => void;
  /** Where skipped items go (ingest/run.ts collects them); default: a warning. */
  skip?: (skipped: Skipped) => void;
}

export interface TaskGraphStepOptions {
  /** Ingest's scratch dir (emptied at the start of every run). */
  scratch: string;
  skip: (skipped: Skipped) => void;
}

/** Where a run collects what its stages skipped. */
export function skipList(): { skipped: Skipped[]; skip: (s: Skipped) => void } {
  const skipped: Skipped[] = [];
  return { skipped, skip: (s) => void skipped.push(s) };
}

/** A skipped item in one sentence. */
export function skippedText(s: Skipped): string {
  return `skipped ${s.item}: ${s.reason}`;
}

export interface TranscriptStepStats {
  files_read: number;
  lines_read: number;
  api_calls_new: number;
  /** subagents/agent-*.meta.json files stored or replaced. */
  metas_changed: number;
}

export interface TaskGraphStepStats {
  tasks: number;
  events_new: number;
}

/** Signatures the stage modules export (kept here so they stay in step). */
/** Without `opts` (benchmarks), the snapshot uses a temp dir and a skipped item is an error. */
export type TaskGraphStep = (conn: DuckDBConnection, tasksDbPath: string, opts?: TaskGraphStepOptions) => Promise<TaskGraphStepStats>;
