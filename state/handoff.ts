// The handoff: a task arrives with the results of every upstream task that feeds_into it, so an
// agent gets the schema another agent designed without knowing that agent exists.
import { Graph } from './graph';

export interface HandoffEntry {
  from: string;
  title: string;
  status: string;
  agent: string | null;
  completed_at: string | null;
  result: unknown;
}

export function handoff(g: Graph, id: string): HandoffEntry[] {
  const rows = g
    .stmt(
      `SELECT u.id, u.title, u.status, u.agent_id, u.completed_at, u.result
       FROM dependencies d JOIN tasks u ON u.id = d.from_task
       WHERE d.to_task = ? AND d.kind = 'feeds_into'
       ORDER BY u.completed_at, u.id`,
    )
    .all(id) as { id: string; title: string; status: string; agent_id: string | null; completed_at: string | null; result: string | null }[];
  return rows.map((r) => ({
    from: r.id,
    title: r.title,
    status: r.status,
    agent: r.agent_id,
    completed_at: r.completed_at,
    result: r.result === null ? null : JSON.parse(r.result),
  }));
}
