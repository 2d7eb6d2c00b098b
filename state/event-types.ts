// The event types of the task graph's log, declared where the writers are, for readers (ingest's
// snapshot decides from them whether a batch of events may have changed an edge).

/**
 * Written by the triggers of state/migrations, one per status change, in the same transaction.
 * test/state/event-types.test.ts checks this list against the triggers' SQL and against what a
 * walk through every transition actually writes.
 */
export const TRANSITION_EVENTS = [
  'task_created', 'task_ready', 'task_blocked', 'task_claimed', 'task_started', 'task_completed',
  'task_failed', 'task_cancelled', 'task_paused', 'task_retried', 'task_reclaimed',
] as const;

/** Written by the engine (Graph.event) about a task's progress, text or records: never an edge. */
export const TASK_RECORD_EVENTS = ['task_progress', 'task_amended', 'task_note', 'task_tagged', 'task_untagged', 'task_files', 'artifact_added', 'task_lease_extended'] as const;

/**
 * Events that change a task's status, text or records but never a dependency edge. Every other
 * event (dependency_added/removed, plan_insert, plan_pivot, task_decomposed, task_replanned)
 * may have changed one.
 */
export const STATUS_EVENTS: ReadonlySet<string> = new Set<string>([...TRANSITION_EVENTS, ...TASK_RECORD_EVENTS]);
