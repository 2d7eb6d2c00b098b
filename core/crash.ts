// Named crash points for the crash-safety tests: with AGENTDAG_CRASH_AT=<stage>, ingest kills
// itself with SIGKILL when it reaches <stage> (no cleanup, no finally blocks, like a power cut
// of the process). Tests also kill ingest at random delays; these make the worst moments certain.
export const CRASH_STAGES = [
  'after-lock', // work warehouse open, nothing done
  'after-rotate', // journal renamed into a segment, nothing loaded
  'journal-after-insert', // rows inserted, transaction open
  'journal-before-commit', // rows, rejects and cursor written, not committed
  'journal-after-commit', // first file committed, segment not yet deleted
  'before-retire', // segment consumed and committed, about to be deleted
  'after-journal', // journal step done, transcripts next
  'before-publish', // everything committed in the work file
  'mid-publish', // temp copy written, not yet renamed over warehouse.duckdb
  'after-publish', // published, run record not yet printed
] as const;

/** The team lake's crash points: push, the team load and the marts (an ingest without a lake never reaches them). */
export const LAKE_CRASH_STAGES = [
  'push-after-begin', // a push batch recorded as pending, no file written
  'push-mid-files', // the batch's first file renamed into the lake, the others not
  'push-before-commit', // every file of the batch in the lake, the position not yet moved
  'lake-load-before-commit', // the team load's rows and file names inserted, not committed
  'marts-mid-days', // the team build replaced one day partition of a mart, not the others
] as const;

export type CrashStage = (typeof CRASH_STAGES)[number] | (typeof LAKE_CRASH_STAGES)[number];

/** Thrown at an armed crash point (armCrash): an in-process stand-in for the SIGKILL. */
export class SimulatedCrash extends Error {
  constructor(readonly stage: CrashStage) {
    super(`simulated crash at ${stage}`);
  }
}

let armed: CrashStage | null = null;

/**
 * For tests that call the journal stage in-process (thousands of property-test cases, where a
 * process per run would cost seconds): the armed stage throws SimulatedCrash instead. The caller
 * then carries on as a restarted process would, on what was committed.
 */
export function armCrash(stage: CrashStage | null): void {
  armed = stage;
}

export function crashPoint(stage: CrashStage): void {
  if (armed === stage) throw new SimulatedCrash(stage);
  if (process.env.AGENTDAG_CRASH_AT === stage) process.kill(process.pid, 'SIGKILL');
}
