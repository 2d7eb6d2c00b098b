// Printing rows for people (table) and for programs (json, ndjson, csv). Data goes to stdout,
// diagnostics to stderr, so `agentdag … --format ndjson | jq` always sees clean data.
import type { Writable } from 'node:stream';
import { plain, type Row } from '../core/json';

export { plain, type Row };

export const FORMATS = ['table', 'json', 'ndjson', 'csv'] as const;
export type Format = (typeof FORMATS)[number];

/** Cell text; `round` shortens fractions for people (tables), never for programs (CSV). */
function cellText(value: unknown, round = true): string {
  const v = plain(value);
  if (v === null || v === undefined) return '';
  if (typeof v === 'number') return Number.isInteger(v) || !round ? String(v) : String(Math.round(v * 10000) / 10000);
  if (typeof v === 'object') return JSON.stringify(v);
  return String(v);
}

/** A plain-text table with aligned columns; long cells are cut so a row fits a terminal line. */
export function renderTable(rows: Row[], columns?: string[], maxCell = 60): string {
  const cols = columns ?? (rows.length ? Object.keys(rows[0]) : []);
  if (cols.length === 0) return '(no columns)\n';
  const cells = rows.map((r) =>
    cols.map((c) => {
      const t = cellText(r[c]).replace(/\s+/g, ' ');
      return t.length > maxCell ? t.slice(0, maxCell - 1) + '…' : t;
    }),
  );
  const widths = cols.map((c, i) => Math.max(c.length, ...cells.map((row) => row[i].length)));
  const numeric = cols.map((c) => rows.length > 0 && rows.every((r) => r[c] === null || r[c] === undefined || typeof plain(r[c]) === 'number'));
  const line = (vals: string[]) =>
    vals.map((v, i) => (numeric[i] ? v.padStart(widths[i]) : v.padEnd(widths[i]))).join('  ').trimEnd();
  const out = [line(cols), widths.map((w) => '-'.repeat(w)).join('  '), ...cells.map(line)];
  out.push(`(${rows.length} row${rows.length === 1 ? '' : 's'})`);
  return out.join('\n') + '\n';
}

function csvCell(value: unknown): string {
  const t = cellText(value, false);
  return /[",\n\r]/.test(t) ? '"' + t.replace(/"/g, '""') + '"' : t;
}

export function renderCsv(rows: Row[], columns?: string[]): string {
  const cols = columns ?? (rows.length ? Object.keys(rows[0]) : []);
  return [cols.map(csvCell).join(','), ...rows.map((r) => cols.map((c) => csvCell(r[c])).join(','))].join('\n') + '\n';
}

/** Write rows in the chosen format. ndjson goes through the `ndjson` stream serializer, one object per line. */
export async function writeRows(rows: Row[], format: Format, out: Writable = process.stdout, columns?: string[]): Promise<void> {
  switch (format) {
    case 'json':
      out.write(JSON.stringify(rows.map(plain), null, 2) + '\n');
      return;
    case 'csv':
      out.write(renderCsv(rows, columns));
      return;
    case 'ndjson': {
      const ndjson = await import('ndjson');
      const serialize = ndjson.stringify();
      const done = new Promise<void>((resolve, reject) => {
        serialize.on('end', resolve);
        serialize.on('error', reject);
      });
      serialize.on('data', (chunk: string) => out.write(chunk));
      for (const r of rows) serialize.write(plain(r));
      serialize.end();
      await done;
      return;
    }
    default:
      out.write(renderTable(rows, columns));
  }
}

/** For commands that print one object: pretty JSON with --json, else a short human text. */
export function printResult(json: boolean, value: unknown, human: () => string): void {
  if (json) process.stdout.write(JSON.stringify(plain(value), null, 2) + '\n');
  else {
    const text = human();
    if (text) process.stdout.write(text.endsWith('\n') ? text : text + '\n');
  }
}

export function parseFormat(value: string): Format {
  if ((FORMATS as readonly string[]).includes(value)) return value as Format;
  throw new Error(`unknown format "${value}": use one of ${FORMATS.join(', ')}`);
}
