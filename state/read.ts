// What the other layers may read of the task graph, and the only way they read it: ingest's
// snapshot (here), the dashboard's live view (read-live.ts) and the event stream
// (event-stream.ts). Nothing outside state/ names a task-graph table or opens the store itself
// (test/architecture.test.ts fails if one does), so the schema can change behind these functions.
// Each takes the data dir's task-graph file and reads wherever the graph lives: that file, or the
// PostgreSQL graph AGENTDAG_TASKS_URL names (store/open.ts).
import { STATUS_EVENTS } from './event-types';
import { Graph } from './graph';
import { graphExists, graphLocation } from './store/open';
import { taskColumns } from './sql';

export { STATUS_EVENTS, TRANSITION_EVENTS } from './event-types';
export { readLive, type LiveGraph, type LiveTask } from './read-live';
export { TaskEventStream, type TaskEvent } from './event-stream';
export type { Dependency, LevelTask } from './waves';

export type Row = Record<string, unknown>;

export interface GraphSnapshot {
  /** Where it was read from (a file, or a URL without its password). */
  location: string;
  /** The newest event id in the graph (the next snapshot's cursor). */
  maxEventId: number;
  /** Events after the cursor, in id order. */
  events: Row[];
  /** Tasks to (re)copy: all of them when `whole`, else those the new events name. Null: nothing new. */
  tasks: Row[] | null;
  /** Every dependency edge, or null when no new event can have changed one. */
  dependencies: Row[] | null;
  projects: Row[] | null;
  /** `tasks` holds every task. */
  whole: boolean;
}

export { graphExists };

/**
 * Everything new since event `afterId`, read in one read transaction so events and task state
 * come from the same instant. `whole` copies every task; otherwise only the tasks the new events
 * name (every change worth analysing writes an event: status transitions by trigger, amend/split/
 * decompose/dependency changes by the engine; heartbeats do not, and their lease times are not
 * analysed). When the graph was replaced (its ids restarted below the cursor), everything is
 * copied again. Throws a UserError naming the file and the fix when it is not a task graph.
 */
export function readSnapshot(file: string, afterId: number, opts: { whole: boolean }): GraphSnapshot {
  const g = Graph.openReadOnly(graphLocation(file));
  const location = g.location;
  try {
    return g.read((): GraphSnapshot => {
      const empty = (maxEventId: number): GraphSnapshot => ({ location, maxEventId, events: [], tasks: null, dependencies: null, projects: null, whole: opts.whole });
      if (!g.hasTable('events')) return empty(0);
      const maxEventId = g.maxEventId();
      const replaced = maxEventId < afterId;
      const from = replaced ? 0 : afterId;
      const events = g.stmt('SELECT * FROM events WHERE id > ? ORDER BY id').all(from) as Row[];
      if (events.length === 0) return empty(maxEventId);
      const all = (table: string, columns = '*') => (g.hasTable(table) ? (g.stmt(`SELECT ${columns} FROM ${table}`).all() as Row[]) : []);
      const whole = opts.whole || replaced;
      const tasks = whole
        ? all('tasks', taskColumns())
        : (g.stmt(`SELECT ${taskColumns()} FROM tasks WHERE id IN (SELECT task_id FROM events WHERE id > ? AND task_id IS NOT NULL)`).all(from) as Row[]);
      // Edges change only with the engine's dependency and plan events; a batch of status changes
      // (the usual ingest) leaves them alone and skips re-reading them (1.4 s → ~0.1 s at 10k tasks).
      const edgesMayHaveChanged = whole || events.some((e) => !STATUS_EVENTS.has(String(e.event_type)));
      return { location, maxEventId, events, tasks, dependencies: edgesMayHaveChanged ? all('dependencies') : null, projects: all('projects'), whole };
    });
  } finally {
    g.close();
  }
}
