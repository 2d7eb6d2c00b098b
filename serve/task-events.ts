// Live task-graph events for the SSE stream: one read-only SQLite connection polls the
// events table by its monotonic integer id. A poll is one indexed range read (microseconds),
// so polling every 200 ms costs nothing and keeps delivery well inside a second of the
// transition, with no trigger or notification channel to add to the agents' write path.
import * as fs from 'node:fs';
import type BetterSqlite3 from 'better-sqlite3';

export type TaskEvent = Record<string, unknown> & { id: number };
type Listener = { after: number; send: (ev: TaskEvent) => void };

export class TaskEventPoller {
  private db: BetterSqlite3.Database | null = null;
  private ino: number | null = null;
  private timer: NodeJS.Timeout | null = null;
  private listeners = new Set<Listener>();

  constructor(private readonly file: string, private readonly intervalMs = 200) {}

  /** The newest event id now (0 when there is no task graph yet). */
  latestId(): number {
    try {
      const db = this.open();
      if (!db) return 0;
      const row = db.prepare('SELECT max(id) AS id FROM events').get() as { id: number | null };
      return row.id ?? 0;
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
    this.db?.close();
    this.db = null;
  }

  private open(): BetterSqlite3.Database | null {
    let ino: number;
    try {
      ino = fs.statSync(this.file).ino;
    } catch {
      return null; // no task graph yet
    }
    if (this.db && ino === this.ino) return this.db;
    // First open, or the file was replaced (a new task graph): its ids restart, so do the cursors.
    const replaced = this.db !== null;
    this.db?.close();
    this.db = null;
    if (replaced) for (const l of this.listeners) l.after = 0;
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const Database = require('better-sqlite3') as typeof BetterSqlite3;
    this.db = new Database(this.file, { readonly: true, fileMustExist: true });
    this.db.pragma('busy_timeout = 1000');
    this.ino = ino;
    return this.db;
  }

  private poll(): void {
    let stmt: BetterSqlite3.Statement;
    try {
      const db = this.open();
      if (!db) return;
      stmt = db.prepare('SELECT * FROM events WHERE id > ? ORDER BY id LIMIT 1000');
    } catch {
      return; // the file is being created or migrated right now; the next tick retries
    }
    // Listeners usually share a cursor: read once per distinct cursor.
    const byCursor = new Map<number, Listener[]>();
    for (const l of this.listeners) byCursor.set(l.after, [...(byCursor.get(l.after) ?? []), l]);
    for (const [after, group] of byCursor) {
      let rows: TaskEvent[];
      try {
        rows = stmt.all(after) as TaskEvent[];
      } catch {
        return; // a schema migration in progress; retry next tick
      }
      if (rows.length === 0) continue;
      const last = rows[rows.length - 1].id;
      for (const r of rows) r.payload = parsePayload(r.payload);
      for (const l of group) {
        for (const r of rows) l.send(r);
        l.after = last;
      }
    }
  }
}

/** The events table keeps payload as JSON text; subscribers get the object. */
function parsePayload(payload: unknown): unknown {
  if (typeof payload !== 'string') return payload;
  try {
    return JSON.parse(payload);
  } catch {
    return payload;
  }
}
