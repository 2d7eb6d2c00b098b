// The task statuses and the lists every check of them uses (one place: the engine, the read
// module and the dashboard all ask these), and the dependency kinds and conditions.

export const TASK_STATUSES = ['pending', 'ready', 'claimed', 'running', 'done', 'done_partial', 'failed', 'cancelled'] as const;
export type TaskStatus = (typeof TASK_STATUSES)[number];

/** The statuses a task never leaves on its own: the one list every check of "finished" uses. */
export const TERMINAL: readonly TaskStatus[] = ['done', 'done_partial', 'failed', 'cancelled'];
/** Finished successfully (in full or in part): what a blocking dependency waits for by default. */
export const SUCCEEDED: readonly TaskStatus[] = ['done', 'done_partial'];
/** Held by an agent: these carry a lease. */
export const HELD: readonly TaskStatus[] = ['claimed', 'running'];
/** Work has begun on it (or ended after beginning). */
export const STARTED: readonly TaskStatus[] = ['claimed', 'running', 'done', 'done_partial', 'failed'];

/** A status list as an SQL list literal: `('done', 'done_partial')`. */
export function sqlList(statuses: readonly string[]): string {
  return `(${statuses.map((s) => `'${s}'`).join(', ')})`;
}

export function isTerminal(status: string): boolean {
  return (TERMINAL as readonly string[]).includes(status);
}

export const DEP_KINDS = ['blocks', 'feeds_into', 'suggests'] as const;
export type DepKind = (typeof DEP_KINDS)[number];
export const DEP_CONDITIONS = ['on_success', 'on_failure', 'always'] as const;
export type DepCondition = (typeof DEP_CONDITIONS)[number];

/**
 * True when a blocking dependency of the task aliased `t` is not yet satisfied. NULL condition
 * means on_success (upstream done or done_partial); on_failure waits for a failure; always waits
 * for any end.
 */
export const UNMET_DEP = (t: string) => `EXISTS (
  SELECT 1 FROM dependencies d JOIN tasks u ON u.id = d.from_task
  WHERE d.to_task = ${t}.id AND d.kind <> 'suggests' AND NOT (
    CASE COALESCE(d.condition, 'on_success')
      WHEN 'on_failure' THEN u.status = 'failed'
      WHEN 'always' THEN u.status IN ${sqlList(TERMINAL)}
      ELSE u.status IN ${sqlList(SUCCEEDED)}
    END))`;
