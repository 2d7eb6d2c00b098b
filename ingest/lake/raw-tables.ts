// The raw tables a machine pushes to the team lake, declared once: push and the team load are
// generic over this list, so a raw table that gains a column (or a new raw table added here)
// needs no change in either. Columns are read from the warehouse's catalog at push time and
// matched by name at load time.

export interface LakeRawTable {
  /** The raw_* table in the warehouse, also the lake folder DIR/raw/<table>/. */
  table: string;
  /**
   * A column that only grows: rows stored later have a larger value (the ingest run's start time,
   * the task-graph snapshot id). Push sends the rows above the last value it sent to this lake.
   */
  newSince: string;
  /** What makes a row the same row on every machine (the team load keeps one row per key). */
  key: readonly string[];
  /**
   * Which copy the team load keeps when a key arrives again: `first` (a journal or transcript
   * pushed from two machines is the same row twice), or `latest` (a newer version replaces the
   * row: a task's current state, a rewritten meta file), or `snapshot` (the rows with the
   * newest `newSince` of a machine are its whole set: older rows of that machine are dropped).
   */
  keep: 'first' | 'latest' | 'snapshot';
  /** The key is only unique within one machine (task-graph ids restart on every machine). */
  hostScoped: boolean;
  /** SQL over the row giving its day partition (UTC); never NULL, and the same on every re-push. */
  day: string;
  /**
   * Raw columns written under another name in the lake, because a reader would take them for the
   * Hive partition keys (DuckDB silently replaces a file column `host` by the folder's `host=`).
   */
  renames?: Readonly<Record<string, string>>;
  /** The column naming the session a row belongs to (the team build rebuilds touched sessions). */
  session?: string;
  /** The column saying when the row arrived in a warehouse: the team load sets it to its own run. */
  arrival?: string;
  /**
   * The column naming the file a row was read from: the team load prefixes it with
   * `lake:<host>:`, so the team machine never takes another machine's journal for its own.
   */
  origin?: string;
}

/** The folder name of a partition key: DIR/raw/<table>/host=<host>/day=<YYYY-MM-DD>/. */
export const PARTITION_KEYS = ['host', 'day'] as const;

const EPOCH = "DATE '1970-01-01'"; // a day for a row without a usable time: stable across re-pushes
const tgDay = `coalesce(CAST(try_cast(row->>'created_at' AS TIMESTAMP) AS DATE), ${EPOCH})`;

export const LAKE_RAW_TABLES: readonly LakeRawTable[] = [
  {
    table: 'raw_hook_events',
    newSince: 'ingested_at',
    key: ['event_id'],
    keep: 'first',
    hostScoped: false,
    day: 'CAST(coalesce(ts, ingested_at) AS DATE)',
    renames: { host: 'hook_host' }, // the machine that ran the hook, as the envelope says
    session: 'session_id',
    arrival: 'ingested_at',
    origin: 'source_file',
  },
  {
    table: 'raw_transcript_lines',
    newSince: 'ingested_at',
    key: ['file_key', 'byte_offset'],
    keep: 'latest', // a rewritten transcript is read again: its new lines replace the old ones
    hostScoped: false,
    day: 'CAST(coalesce(ts, ingested_at) AS DATE)',
    session: 'session_id',
    arrival: 'ingested_at',
  },
  {
    table: 'raw_transcript_subagent_meta',
    newSince: 'ingested_at',
    key: ['session_id', 'agent_id'],
    keep: 'latest',
    hostScoped: false,
    day: 'CAST(ingested_at AS DATE)',
    session: 'session_id',
    arrival: 'ingested_at',
  },
  { table: 'raw_tg_snapshots', newSince: 'snapshot_id', key: ['snapshot_id'], keep: 'first', hostScoped: true, day: 'CAST(taken_at AS DATE)' },
  { table: 'raw_tg_events', newSince: 'snapshot_id', key: ['event_id'], keep: 'first', hostScoped: true, day: tgDay },
  { table: 'raw_tg_tasks', newSince: 'snapshot_id', key: ['task_id'], keep: 'latest', hostScoped: true, day: tgDay },
  { table: 'raw_tg_projects', newSince: 'snapshot_id', key: ['project_id'], keep: 'latest', hostScoped: true, day: tgDay },
  // Edges have no id: a snapshot that re-read them replaced them all, so the newest snapshot's
  // rows are the whole set.
  { table: 'raw_tg_dependencies', newSince: 'snapshot_id', key: [], keep: 'snapshot', hostScoped: true, day: tgDay },
];

export function lakeTable(name: string): LakeRawTable | undefined {
  return LAKE_RAW_TABLES.find((t) => t.table === name);
}

/** The name a raw column has in the lake's files. */
export function lakeColumn(t: LakeRawTable, column: string): string {
  return t.renames?.[column] ?? column;
}

/** The raw column a lake file's column stands for (the inverse of lakeColumn). */
export function rawColumn(t: LakeRawTable, column: string): string {
  for (const [raw, lake] of Object.entries(t.renames ?? {})) if (lake === column) return raw;
  return column;
}
