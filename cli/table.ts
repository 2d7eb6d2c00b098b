// Plain-text tables for people. On a terminal a table fits its width: long headers wrap at "_",
// long text cells are cut with "…", and a table still too wide is shown in blocks of columns, each
// repeating the first (key) column, the way R and pandas print wide frames. Nothing is dropped.
// Pipes (no TTY, no $COLUMNS) and --wide get one line per row, as wide as it takes.
import type { Writable } from 'node:stream';
import { plain, type Row } from '../core/json';

/** Cells are cut at this many characters when no width is given (a pipe keeps today's output). */
const PIPE_CELL = 60;
const GAP = '  ';

/** Cell text; `round` shortens fractions for people (tables), never for programs (CSV). */
export function cellText(value: unknown, round = true): string {
  const v = plain(value);
  if (v === null || v === undefined) return '';
  if (typeof v === 'number') return Number.isInteger(v) || !round ? String(v) : String(Math.round(v * 10000) / 10000);
  if (typeof v === 'object') return JSON.stringify(v);
  return String(v);
}

/**
 * The width a table for `out` should fit: none with --wide; else $COLUMNS when set (also for a pipe,
 * so `COLUMNS=100 agentdag report … | less` fits); else the terminal's width; else none (a pipe).
 */
export function outputWidth(out: Writable, opts: { wide?: boolean } = {}, env: NodeJS.ProcessEnv = process.env): number | undefined {
  if (opts.wide) return undefined;
  const cols = Number(env.COLUMNS);
  if (Number.isInteger(cols) && cols > 0) return cols;
  const tty = out as Writable & { isTTY?: boolean; columns?: number };
  return tty.isTTY && tty.columns ? tty.columns : undefined;
}

export const cut = (t: string, max: number) => (t.length > max ? t.slice(0, Math.max(1, max - 1)) + '…' : t);

/** Split a header at "_" into lines no wider than `width` where it can (each line keeps its "_"). */
function wrapHeader(name: string, width: number): string[] {
  const parts = name.split(/(?<=_)/);
  const lines: string[] = [];
  for (const p of parts) {
    if (lines.length && (lines[lines.length - 1] + p).length <= width) lines[lines.length - 1] += p;
    else lines.push(p);
  }
  return lines;
}

export interface TableOptions {
  /** Fit this many characters (see outputWidth); undefined = one line per row. */
  width?: number;
  /** --wide: never cut a cell. */
  wide?: boolean;
}

interface Column {
  name: string;
  numeric: boolean;
  cells: string[];
  width: number;
  header: string[];
}

function layoutLines(cols: Column[]): string[] {
  const height = Math.max(...cols.map((c) => c.header.length));
  const out: string[] = [];
  const line = (vals: string[]) => vals.map((v, i) => (cols[i].numeric ? v.padStart(cols[i].width) : v.padEnd(cols[i].width))).join(GAP).trimEnd();
  for (let h = 0; h < height; h++) out.push(line(cols.map((c) => c.header[h - (height - c.header.length)] ?? '')));
  out.push(cols.map((c) => '-'.repeat(c.width)).join(GAP));
  const rows = cols[0]?.cells.length ?? 0;
  for (let r = 0; r < rows; r++) out.push(line(cols.map((c) => c.cells[r])));
  return out;
}

const totalWidth = (cols: Column[]) => cols.reduce((s, c) => s + c.width, 0) + GAP.length * Math.max(0, cols.length - 1);

export function renderTable(rows: Row[], columns?: string[], opts: TableOptions = {}): string {
  const names = columns ?? (rows.length ? Object.keys(rows[0]) : []);
  if (names.length === 0) return '(no columns)\n';
  const max = opts.wide ? Infinity : PIPE_CELL;
  const cols: Column[] = names.map((name) => {
    const cells = rows.map((r) => cut(cellText(r[name]).replace(/\s+/g, ' '), max));
    const numeric = rows.length > 0 && rows.every((r) => r[name] === null || r[name] === undefined || typeof plain(r[name]) === 'number');
    return { name, numeric, cells, header: [name], width: Math.max(name.length, ...cells.map((c) => c.length)) };
  });
  const count = `${rows.length} row${rows.length === 1 ? '' : 's'}`;
  const W = opts.width;
  if (W === undefined || totalWidth(cols) <= W) return [...layoutLines(cols), `(${count})`].join('\n') + '\n';
  return fitted(cols, W, count);
}

/** A table wider than `W`: wrap headers, cut long text, then split the columns into blocks. */
function fitted(cols: Column[], W: number, count: string): string {
  let cutAny = false;
  cols.forEach((c, i) => {
    // Text may take a third of the line (the key column half), numbers are never cut.
    const cap = c.numeric ? Infinity : Math.max(12, Math.floor(W / (i === 0 ? 2 : 3)));
    if (c.cells.some((t) => t.length > cap)) {
      cutAny = true;
      c.cells = c.cells.map((t) => cut(t, cap));
    }
    const valueWidth = Math.max(1, ...c.cells.map((t) => t.length));
    c.header = wrapHeader(c.name, Math.max(valueWidth, ...c.name.split(/(?<=_)/).map((p) => p.length)));
    c.width = Math.max(valueWidth, ...c.header.map((h) => h.length));
  });
  const notes: string[] = [];
  let blocks: Column[][] = [cols];
  if (totalWidth(cols) > W) {
    const [key, ...rest] = cols;
    // After the first block the key column only tells rows apart: a short prefix of it will do.
    const short = Math.max(12, Math.floor(W / 5));
    const keyAgain: Column = key.numeric || key.width <= short ? key : { ...key, cells: key.cells.map((t) => cut(t, short)), header: wrapHeader(key.name, short), width: short };
    blocks = [];
    let block: Column[] = [key];
    for (const c of rest) {
      if (block.length > 1 && totalWidth([...block, c]) > W) {
        blocks.push(block);
        block = [keyAgain];
      }
      block.push(c);
    }
    blocks.push(block);
    notes.push(`${cols.length} columns in ${blocks.length} blocks, each starting with ${key.name}`);
  }
  if (cutAny) notes.push('long values cut with …');
  const text = blocks.map((b) => layoutLines(b).join('\n')).join('\n\n');
  const footer = `(${[count, ...notes].join('; ')}${notes.length ? '; --wide or --format csv for whole rows' : ''})`;
  return `${text}\n${wrapWords(footer, W)}\n`;
}

/** Word-wrap a note to `width` characters. */
function wrapWords(text: string, width: number): string {
  const lines: string[] = [];
  for (const word of text.split(' ')) {
    const last = lines.length - 1;
    if (last >= 0 && (lines[last] + ' ' + word).length <= width) lines[last] += ' ' + word;
    else lines.push(word);
  }
  return lines.join('\n');
}
