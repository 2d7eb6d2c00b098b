// The analyst's reports: each a table macro rpt_*(since, until, session, machine) in sql/reports/, with a
// relation over all history (PUBLIC_OBJECTS names both). No imports beyond the list: the report
// list is read when the CLI starts.
import { PUBLIC_OBJECTS } from './public-objects';
import { utcTimestamp } from '../core/time';

export interface ReportDef {
  name: string;
  macro: string;
  /** The public relation holding the report over all history. */
  view: string;
  about: string;
}

export const REPORTS: readonly ReportDef[] = PUBLIC_OBJECTS.flatMap((o) => (o.report ? [{ name: o.report.name, macro: o.report.macro, view: o.name, about: o.about }] : []));

export function findReport(name: string): ReportDef | undefined {
  return REPORTS.find((r) => r.name === name || r.view === name || r.macro === name);
}

/**
 * The statement `agentdag report` runs: with no window, session or host, the report's all-history
 * relation; else its macro, bound to $1 since, $2 until (TIMESTAMP), $3 session, $4 host.
 */
export function reportSql(def: ReportDef, windowed: boolean): string {
  return windowed
    ? `SELECT * FROM ${def.macro}(CAST($1 AS TIMESTAMP), CAST($2 AS TIMESTAMP), CAST($3 AS VARCHAR), machine := CAST($4 AS VARCHAR))`
    : `SELECT * FROM ${def.view}`;
}

/**
 * `--since 2026-11-01`, `--since 2026-11-01T12:00:00Z`, `--since 7d` / `12h` / `30m` (before now),
 * as a UTC TIMESTAMP literal, optionally rounded to the hour (the reports sum per hour).
 */
export function parseTimeBound(value: string, round: 'down' | 'up' | 'none' = 'none', now: Date = new Date()): string {
  const rel = /^(\d+)\s*([dhm])$/.exec(value.trim());
  let t: number;
  if (rel) t = now.getTime() - Number(rel[1]) * { d: 86_400_000, h: 3_600_000, m: 60_000 }[rel[2] as 'd' | 'h' | 'm'];
  else if (/^\d{4}-\d{2}-\d{2}$/.test(value.trim())) t = Date.parse(value.trim() + 'T00:00:00Z');
  else t = /^\d{4}-\d{2}-\d{2}T/.test(value.trim()) ? Date.parse(value.trim()) : NaN;
  if (!Number.isFinite(t)) throw new Error(`"${value}" is not a date: use YYYY-MM-DD, an ISO-8601 time (2026-11-23T09:00:00Z) or a span before now (7d, 12h, 30m)`);
  const HOUR = 3_600_000;
  if (round === 'down') t = Math.floor(t / HOUR) * HOUR;
  if (round === 'up') t = Math.ceil(t / HOUR) * HOUR;
  return utcTimestamp(new Date(t));
}
