// Live task-graph events for the SSE stream: one read-only connection polls the events log by
// its monotonic integer id (the same read as `agentdag task events --since`). A poll is one indexed
// range read (microseconds), so polling every 200 ms costs nothing and keeps delivery well inside
// a second of the transition, with no trigger or notification channel on the agents' write path.
// A SQLite file that is replaced (a new graph: its ids restart) resets the cursors.
import * as fs from 'node:fs';
import { Graph } from './graph';
import { listEvents } from './queries';
import { graphLocation, isPostgresUrl } from './store/open';

export type TaskEvent = Record<string, unknown> & { id: number };
type Listener = { after: number; send: (ev: TaskEvent) => void };

export class TaskEventStream {
  private g: Graph | null = null;
  /** The SQLite file's inode when opened (null for PostgreSQL). */
  private ino: number | null = null;
  private timer: NodeJS.Timeout | null = null;
  private listeners = new Set<Listener>();
  private readonly location: string;

  constructor(file: string, private readonly intervalMs = 200) {
    this.location = graphLocation(file);
  }

  /** The newest event id now (0 when there is no task graph yet). */
  latestId(): number {
    try {
      const g = this.open();
      return g && g.hasTable('events') ? g.maxEventId() : 0;
    } catch {
      return 0; // created but not migrated yet
    }
  }

  /** Calls `send` with every event whose id is above `after`, in id order, until unsubscribed. */
  subscribe(after: number, send: (ev: TaskEvent) => void): () => void {
    const listener: Listener = { after, send };
    this.listeners.add(listener);
    if (!this.timer) this.timer = setInterval(() => this.poll(), this.intervalMs);
    return () => {
      this.listeners.delete(listener);
      if (this.listeners.size === 0 && this.timer) {
        clearInterval(this.timer);
        this.timer = null;
      }
    };
  }

  close(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    this.listeners.clear();
    this.g?.close();
    this.g = null;
  }

  private open(): Graph | null {
    if (isPostgresUrl(this.location)) return (this.g ??= Graph.openReadOnly(this.location, { busyTimeoutMs: 1000 }));
    let ino: number;
    try {
      ino = fs.statSync(this.location).ino;
    } catch {
      return null; // no task graph yet
    }
    if (this.g && ino === this.ino) return this.g;
    // First open, or the file was replaced (a new task graph): its ids restart, so do the cursors.
    const replaced = this.g !== null;
    this.g?.close();
    this.g = null;
    if (replaced) for (const l of this.listeners) l.after = 0;
    this.g = Graph.openReadOnly(this.location, { busyTimeoutMs: 1000 });
    this.ino = ino;
    return this.g;
  }

  private poll(): void {
    let g: Graph | null;
    try {
      g = this.open();
    } catch {
      return; // the file is being created or migrated right now; the next tick retries
    }
    if (!g) return;
    // Listeners usually share a cursor: read once per distinct cursor.
    const byCursor = new Map<number, Listener[]>();
    for (const l of this.listeners) byCursor.set(l.after, [...(byCursor.get(l.after) ?? []), l]);
    for (const [after, group] of byCursor) {
      let rows: TaskEvent[];
      try {
        rows = listEvents(g, { since: after, limit: 1000, allProjects: true }) as unknown as TaskEvent[];
      } catch {
        return; // not migrated yet; retry next tick
      }
      if (rows.length === 0) continue;
      const last = rows[rows.length - 1].id;
      for (const l of group) {
        for (const r of rows) l.send(r);
        l.after = last;
      }
    }
  }
}
