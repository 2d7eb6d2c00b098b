// The seams between the ingest stages, so each stage can be built and tested on its own.
// ingest/run.ts calls, in one ingest: the journal step, then transcripts, then the task-graph
// snapshot, then builds the models and runs the checks, then publishes.
import type { DuckDBConnection } from '@duckdb/node-api';

/** Reports progress of a long step (a TTY progress bar, or nothing). */
export interface Progress {
  start(label: string, total: number): void;
  tick(n?: number): void;
  stop(): void;
}

export const silentProgress: Progress = { start() {}, tick() {}, stop() {} };

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
}

export interface TaskGraphStepStats {
  tasks: number;
  events_new: number;
}

export interface CheckFailure {
  check: string;
  rows: number;
  sample: unknown[];
}

/** Signatures the stage modules export (kept here so they stay in step). */
export type TranscriptStep = (conn: DuckDBConnection, opts: TranscriptStepOptions) => Promise<TranscriptStepStats>;
export type TaskGraphStep = (conn: DuckDBConnection, tasksDbPath: string) => Promise<TaskGraphStepStats>;
export type BuildModels = (conn: DuckDBConnection) => Promise<void>;
export type RunChecks = (conn: DuckDBConnection) => Promise<CheckFailure[]>;
