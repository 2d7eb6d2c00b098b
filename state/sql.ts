// The SQL the engine writes once for every store. Where the dialects differ, the text holds a
// token ($NOW, $LEASE_END, …) that each store expands in one place (store/sqlite.ts,
// store/postgres.ts) when it prepares the statement; anything else is written in the SQL both
// PostgreSQL and SQLite accept (CASE instead of boolean arithmetic, ON CONFLICT DO NOTHING, …).

/** "Now", stamped inside the write (never a JS clock taken before waiting on the lock). */
export const NOW = '$NOW';

/** When a lease taken or renewed now runs out: the task's lease_seconds from now. */
export const LEASE_END = '$LEASE_END';

/** The insertion-order tie-breaker (SQLite's rowid; a sequence column in PostgreSQL). */
export const ROWID = '$ROWID';

/** Appended to the claim's inner SELECT: PostgreSQL locks the row it picks and skips rows others hold. */
export const SKIP_LOCKED = '$SKIP_LOCKED';

/** A task someone holds (claimed or running): only these carry a lease (a CHECK says so). */
export const LEASE_HELD = 'lease_expires_at IS NOT NULL';

/** A lease that has run out (starts with the tasks_leases index's WHERE, so the index serves it). */
export const LEASE_EXPIRED = `${LEASE_HELD} AND lease_expires_at < ${NOW}`;

/** Every column of a task row, in schema order: the same row from every store (no store-private column). */
export const TASK_COLUMNS = [
  'id', 'project_id', 'parent_task_id', 'title', 'description', 'status', 'kind', 'priority', 'agent_id', 'session_id',
  'result', 'error', 'progress', 'progress_note', 'retries', 'max_retries', 'lease_seconds', 'lease_expires_at',
  'last_heartbeat_at', 'status_reason', 'created_at', 'updated_at', 'ready_at', 'claimed_at', 'started_at',
  'completed_at', 'failed_at', 'cancelled_at', 'finished_by',
] as const;

/** `t.id, t.project_id, …` (or unprefixed), for SELECT and RETURNING. */
export function taskColumns(alias?: string): string {
  return TASK_COLUMNS.map((c) => (alias ? `${alias}.${c}` : c)).join(', ');
}

/** Replace every $TOKEN with its text in `macros`; an unknown token is a programming error. */
export function expandTokens(sql: string, macros: Readonly<Record<string, string>>): string {
  return sql.replace(/\$([A-Z][A-Z_]*)\b/g, (m, name: string) => {
    const v = macros[name];
    if (v === undefined) throw new Error(`unknown SQL token ${m}`);
    return v;
  });
}
