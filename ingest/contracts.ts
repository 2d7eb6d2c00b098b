// The seams between the ingest stages, so each stage can be built and tested on its own.
// ingest/run.ts calls, in one ingest: the journal step, then transcripts, then the task-graph
// snapshot (each writes raw_* only), then the model build (warehouse/build.ts), the checks and
// the publish.
import type { DuckDBConnection } from '@duckdb/node-api';
import type { Progress } from '../warehouse/progress';

export { silentProgress, type Progress } from '../warehouse/progress';

export interface TranscriptStepOptions {
  /** Extra folder to import whole (a Claude Code `projects/` dir), from `--transcripts DIR`. */
  extraDir?: string;
  progress: Progress;
  /** Warnings for the user (e.g. a short cleanupPeriodDays), printed by the caller on stderr. */
  warn: (message: string) => void;
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
export type TaskGraphStep = (conn: DuckDBConnection, tasksDbPath: string) => Promise<TaskGraphStepStats>;
