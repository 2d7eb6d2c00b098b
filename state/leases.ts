// The sweeper: claims whose lease expired (the agent stopped heartbeating: crashed, killed, or
// forgot) go back to ready while retries remain, else fail; composite parents roll up after.
// Commands run it opportunistically: a read of the lease index first (microseconds), and a write
// transaction only when something actually expired.
import { LEASE_EXPIRED } from './db';
import { Graph, NOW, TaskRow } from './graph';
import { settle } from './promote';

export interface SweepResult {
  reclaimed: string[];
  failed: string[];
}

const SQL_EXPIRED = `SELECT id FROM tasks WHERE ${LEASE_EXPIRED}`;

export function hasExpiredLeases(g: Graph): boolean {
  return !!g.stmt(SQL_EXPIRED + ' LIMIT 1').get();
}

/** Reclaim expired leases. A cheap read of the lease index first: a write only when one expired. */
export function sweep(g: Graph): SweepResult {
  const out: SweepResult = { reclaimed: [], failed: [] };
  if (!hasExpiredLeases(g)) return out;
  g.tx(() => {
    const expired = g.stmt(SQL_EXPIRED).all() as { id: string }[];
    for (const { id } of expired) {
      const row = g
        .stmt(
          `UPDATE tasks SET
             status = CASE WHEN retries < max_retries THEN 'ready' ELSE 'failed' END,
             retries = CASE WHEN retries < max_retries THEN retries + 1 ELSE retries END,
             error = 'lease expired: ' || agent_id || ' stopped heartbeating (last ' || coalesce(last_heartbeat_at, claimed_at) || ')',
             failed_at = CASE WHEN retries < max_retries THEN NULL ELSE ${NOW} END,
             ready_at = CASE WHEN retries < max_retries THEN ${NOW} ELSE ready_at END,
             agent_id = CASE WHEN retries < max_retries THEN NULL ELSE agent_id END,
             session_id = CASE WHEN retries < max_retries THEN NULL ELSE session_id END,
             lease_expires_at = NULL, updated_at = ${NOW}, status_reason = 'lease_expired'
           WHERE id = ? AND ${LEASE_EXPIRED} RETURNING *`,
        )
        .get(id) as TaskRow | undefined;
      if (!row) continue;
      (row.status === 'ready' ? out.reclaimed : out.failed).push(id);
      settle(g, id, row);
    }
  });
  return out;
}
