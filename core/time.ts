// UTC time as the warehouse and the file names spell it, in one place.

/** `2026-12-03 09:06:34.123`: a DuckDB TIMESTAMP literal in UTC (no zone suffix). */
export function utcTimestamp(d: Date = new Date()): string {
  return d.toISOString().replace('T', ' ').replace('Z', '');
}

/** An ISO-8601 string with any offset → utcTimestamp, or null when it is not a usable time. */
export function parseUtcTimestamp(v: unknown): string | null {
  if (typeof v !== 'string') return null;
  const t = Date.parse(v);
  return Number.isFinite(t) ? utcTimestamp(new Date(t)) : null;
}

/** `20261203T090634123Z`: sortable, file-name safe (journal segments, settings backups). */
export function fileStamp(d: Date = new Date()): string {
  return d.toISOString().replace(/[-:]/g, '').replace('.', '');
}

/**
 * `2026-12-03T09:06:34.123Z`: how the task graph stores every time (ISO-8601 UTC, milliseconds),
 * as JavaScript's toISOString spells it. SQL stamps it with ISO_UTC_STRFTIME.
 */
export function isoUtc(d: Date = new Date()): string {
  return d.toISOString();
}

/** The strftime format that gives isoUtc's spelling inside SQLite. */
export const ISO_UTC_STRFTIME = '%Y-%m-%dT%H:%M:%fZ';
