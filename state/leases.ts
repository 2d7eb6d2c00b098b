// The sweeper: claims whose lease expired (the agent stopped heartbeating: crashed, killed, or
// forgot) go back to ready while retries remain, else fail; composite parents roll up after.
// Commands run it opportunistically: a read of the lease index first (microseconds), and a write
// transaction only when something actually expired. An agent whose Claude Code session wrote a
// hook event during its lease period (after the claim, heartbeat or extension that started it) is
// visibly working: its lease is extended, not reclaimed (state/liveness.ts reads the journal; the
// graph's opener passes it in). A session that falls silent loses the task one lease later.
import { LEASE_END, LEASE_EXPIRED, taskColumns } from './sql';
import { Graph, NOW, TaskRow } from './graph';
import { settle } from './promote';

export interface SweepResult {
  reclaimed: string[];
  failed: string[];
  /** Expired, but the claiming session was seen working: the lease runs again from now. */
  extended: string[];
}

const SQL_EXPIRED = `SELECT id FROM tasks WHERE ${LEASE_EXPIRED}`;

interface Expired {
  id: string;
  session_id: string | null;
  lease_seconds: number;
  lease_expires_at: string;
}

/** The expired claims whose session wrote a hook event during their lease period, with that event's time. */
function visiblyWorking(g: Graph, expired: Expired[]): Map<string, string> {
  const out = new Map<string, string>();
  const sessions = [...new Set(expired.map((e) => e.session_id).filter((s): s is string => !!s))];
  if (!g.lastSeen || !sessions.length) return out;
  const seen = g.lastSeen(sessions);
  for (const e of expired) {
    const at = e.session_id ? seen.get(e.session_id) : undefined;
    if (at && Date.parse(at) > Date.parse(e.lease_expires_at) - e.lease_seconds * 1000) out.set(e.id, at);
  }
  return out;
}

export function hasExpiredLeases(g: Graph): boolean {
  return !!g.stmt(SQL_EXPIRED + ' LIMIT 1').get();
}

/** Reclaim expired leases. A cheap read of the lease index first: a write only when one expired. */
export function sweep(g: Graph): SweepResult {
  const out: SweepResult = { reclaimed: [], failed: [], extended: [] };
  if (!hasExpiredLeases(g)) return out;
  // The journal is read before the write transaction: file reads never hold the write lock.
  const working = visiblyWorking(g, g.stmt(`SELECT id, session_id, lease_seconds, lease_expires_at FROM tasks WHERE ${LEASE_EXPIRED}`).all() as Expired[]);
  g.tx(() => {
    const expired = g.stmt(SQL_EXPIRED).all() as { id: string }[];
    for (const { id } of expired) {
      const seen = working.get(id);
      if (seen && extend(g, id, seen)) {
        out.extended.push(id);
        continue;
      }
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
           WHERE id = ? AND ${LEASE_EXPIRED} RETURNING ${taskColumns()}`,
        )
        .get(id) as TaskRow | undefined;
      if (!row) continue;
      (row.status === 'ready' ? out.reclaimed : out.failed).push(id);
      settle(g, id, row);
    }
  });
  return out;
}

/** Renew an expired lease from now, recording the hook event that showed the agent at work. */
function extend(g: Graph, id: string, lastHookEventAt: string): boolean {
  const row = g
    .stmt(`UPDATE tasks SET lease_expires_at = ${LEASE_END}, updated_at = ${NOW} WHERE id = ? AND ${LEASE_EXPIRED} RETURNING agent_id, session_id, lease_expires_at`)
    .get(id) as { agent_id: string; session_id: string; lease_expires_at: string } | undefined;
  if (!row) return false;
  g.event('task_lease_extended', id, { by: 'hook_activity', session: row.session_id, last_hook_event_at: lastHookEventAt, lease_expires_at: row.lease_expires_at }, row.agent_id);
  return true;
}
