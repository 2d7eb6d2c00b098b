// Printing rows for people (table) and for programs (json, ndjson, csv). Data goes to stdout,
// diagnostics to stderr, so `agentdag … --format ndjson | jq` always sees clean data.
import type { Writable } from 'node:stream';
import { plain, type Row } from '../core/json';
import { cellText, outputWidth, renderTable } from './table';

export { plain, renderTable, type Row };

export const FORMATS = ['table', 'json', 'ndjson', 'csv'] as const;
export type Format = (typeof FORMATS)[number];

function csvCell(value: unknown): string {
  const t = cellText(value, false);
  return /[",\n\r]/.test(t) ? '"' + t.replace(/"/g, '""') + '"' : t;
}

export function renderCsv(rows: Row[], columns?: string[]): string {
  const cols = columns ?? (rows.length ? Object.keys(rows[0]) : []);
  return [cols.map(csvCell).join(','), ...rows.map((r) => cols.map((c) => csvCell(r[c])).join(','))].join('\n') + '\n';
}

/**
 * Write rows in the chosen format. ndjson goes through the `ndjson` stream serializer, one object per
 * line. A table fits the terminal (see cli/table.ts) unless `wide`.
 */
export async function writeRows(rows: Row[], format: Format, out: Writable = process.stdout, columns?: string[], opts: { wide?: boolean } = {}): Promise<void> {
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
      out.write(renderTable(rows, columns, { width: outputWidth(out, opts), wide: opts.wide }));
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
