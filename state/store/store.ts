// The seam between the engine and where the graph lives. The engine is synchronous and writes
// one SQL for every store; a Store prepares it (expanding the dialect tokens of state/sql.ts),
// runs it, and owns transactions: writes are serialized per graph in every store (SQLite's write
// lock; a transaction-level advisory lock in PostgreSQL), so event ids are a gap-safe cursor and
// every read-then-write in the engine sees the state it acts on.

export type Params = unknown[];

export interface Stmt {
  get(...params: Params): unknown;
  all(...params: Params): unknown[];
  run(...params: Params): { changes: number };
}

export type StoreKind = 'sqlite' | 'postgres';

export interface Store {
  readonly kind: StoreKind;
  /** Where the graph lives, safe to print (no password). */
  readonly location: string;
  /** Inside tx, rollbackAfter or readTx right now. */
  readonly inTransaction: boolean;
  /** Prepared once per distinct SQL text (preparing costs more than running most statements). */
  prepare(sql: string): Stmt;
  /** SQL text for a query whose shape differs per store (recursive walks), by name. */
  query(name: StoreQuery): string;
  /** One serialized write transaction; a savepoint inside another. */
  tx<T>(fn: () => T): T;
  /** fn inside a write transaction that is always rolled back (what-if). */
  rollbackAfter<T>(fn: () => T): T;
  /** Reads that all see one instant. */
  readTx<T>(fn: () => T): T;
  hasTable(name: string): boolean;
  isUniqueViolation(e: unknown): boolean;
  /** The store's own integrity check: problems found (none = []). */
  integrityProblems(): string[];
  close(): void;
}

/** Queries whose SQL differs by store beyond tokens (each store spells them in its own file). */
export type StoreQuery = 'reachable' | 'stranded';
