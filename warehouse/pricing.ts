// Model prices: the bundled versioned list (data/pricing/models.json) plus the user's overrides
// (<data dir>/pricing.json), loaded into dim_model_pricing on every build so that cost, computed in
// the views, can be repriced for all history by editing a file.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { packageRoot } from '../core/package';
import { dataPaths } from '../core/data-dir';

export interface PriceRow {
  model: string;
  effective_from: string;
  effective_to: string | null;
  input_usd_per_mtok: number;
  output_usd_per_mtok: number;
  cache_write_5m_multiplier: number;
  cache_write_1h_multiplier: number;
  cache_read_multiplier: number;
  long_context_threshold_tokens: number | null;
  long_context_input_usd_per_mtok: number | null;
  long_context_output_usd_per_mtok: number | null;
  source: string;
}

const DEFAULTS = { cache_write_5m_multiplier: 1.25, cache_write_1h_multiplier: 2, cache_read_multiplier: 0.1 };

export const PRICING_EXAMPLE = '{"models":[{"model":"claude-opus-5-5","input_usd_per_mtok":5,"output_usd_per_mtok":25,"effective_from":"2026-01-01"}]}';

/** A pricing file that cannot be used: which file, where, what is wrong. */
export class PricingFileError extends Error {
  constructor(
    readonly file: string,
    /** 1-based line of the fault, when it can be located. */
    readonly line: number | null,
    readonly problem: string,
  ) {
    super(`${file}${line ? `:${line}` : ''}: ${problem}. Expected e.g. ${PRICING_EXAMPLE} (prices in USD per million tokens)`);
  }
}

/** 1-based line of a character offset. */
function lineAt(text: string, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset && i < text.length; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}

/** Offsets of the elements of the top-level "models" array, found by a small scan (strings skipped). */
function modelOffsets(text: string): number[] {
  const out: number[] = [];
  const key = /"models"\s*:\s*\[/.exec(text);
  if (!key) return out;
  let depth = 0;
  let expectElement = true;
  for (let i = key.index + key[0].length; i < text.length; i++) {
    const c = text[i];
    if (c === '"') {
      if (depth === 0 && expectElement) out.push(i), (expectElement = false);
      for (i++; i < text.length && text[i] !== '"'; i++) if (text[i] === '\\') i++;
      continue;
    }
    if (/\s/.test(c)) continue;
    if (depth === 0 && c === ']') break;
    if (depth === 0 && c === ',') {
      expectElement = true;
      continue;
    }
    if (depth === 0 && expectElement) out.push(i), (expectElement = false);
    if (c === '{' || c === '[') depth++;
    else if (c === '}' || c === ']') depth--;
  }
  return out;
}

function num(fail: (i: number, what: string) => never, i: number, row: Record<string, unknown>, key: string, fallback?: number | null): number | null {
  const v = row[key];
  if (v === undefined || v === null) {
    if (fallback === undefined) fail(i, `models[${i}].${key} is missing`);
    return fallback;
  }
  if (typeof v !== 'number' || !Number.isFinite(v) || v < 0) fail(i, `models[${i}].${key} must be a number >= 0`);
  return v;
}

function date(fail: (i: number, what: string) => never, i: number, row: Record<string, unknown>, key: string, fallback: string | null): string | null {
  const v = row[key];
  if (v === undefined || v === null) return fallback;
  if (typeof v !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(v)) fail(i, `models[${i}].${key} must be a date YYYY-MM-DD`);
  return v;
}

/** Parse a pricing file (bundled or user). Throws a PricingFileError naming the file, the line and the expected shape. */
export function parsePricingFile(file: string, sourceLabel: string): PriceRow[] {
  let text: string;
  let doc: { models?: unknown; defaults?: Record<string, number> };
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (err) {
    throw new PricingFileError(file, null, `cannot be read (${(err as Error).message})`);
  }
  try {
    doc = JSON.parse(text);
  } catch (err) {
    const msg = (err as Error).message;
    const pos = /position (\d+)/.exec(msg);
    throw new PricingFileError(file, pos ? lineAt(text, Number(pos[1])) : null, `not valid JSON (${msg})`);
  }
  if (!doc || !Array.isArray(doc.models)) throw new PricingFileError(file, null, 'no "models" array');
  const offsets = modelOffsets(text);
  const fail = (i: number, what: string): never => {
    throw new PricingFileError(file, offsets[i] === undefined ? null : lineAt(text, offsets[i]), what);
  };
  const defaults = { ...DEFAULTS, ...(doc.defaults ?? {}) };
  return doc.models.map((raw, i) => {
    if (!raw || typeof raw !== 'object') fail(i, `models[${i}] is not an object`);
    const row = raw as Record<string, unknown>;
    if (typeof row.model !== 'string' || !row.model) fail(i, `models[${i}].model must be a model id`);
    const from = date(fail, i, row, 'effective_from', '1970-01-01')!;
    const to = date(fail, i, row, 'effective_to', null);
    if (to !== null && to <= from) fail(i, `models[${i}]: effective_to must be after effective_from`);
    return {
      model: row.model as string,
      effective_from: from,
      effective_to: to,
      input_usd_per_mtok: num(fail, i, row, 'input_usd_per_mtok')!,
      output_usd_per_mtok: num(fail, i, row, 'output_usd_per_mtok')!,
      cache_write_5m_multiplier: num(fail, i, row, 'cache_write_5m_multiplier', defaults.cache_write_5m_multiplier)!,
      cache_write_1h_multiplier: num(fail, i, row, 'cache_write_1h_multiplier', defaults.cache_write_1h_multiplier)!,
      cache_read_multiplier: num(fail, i, row, 'cache_read_multiplier', defaults.cache_read_multiplier)!,
      long_context_threshold_tokens: num(fail, i, row, 'long_context_threshold_tokens', null),
      long_context_input_usd_per_mtok: num(fail, i, row, 'long_context_input_usd_per_mtok', null),
      long_context_output_usd_per_mtok: num(fail, i, row, 'long_context_output_usd_per_mtok', null),
      source: `${sourceLabel}${typeof row.source === 'string' ? ': ' + row.source : ''}`,
    };
  });
}

export function bundledPricingFile(): string {
  return path.join(packageRoot(), 'data', 'pricing', 'models.json');
}

export interface EffectivePrices {
  rows: PriceRow[];
  /** The user's pricing.json could not be used: the build priced with the bundled prices only. */
  ignored: PricingFileError | null;
}

/**
 * Bundled rows, with every model the user's file names replaced by the user's rows. A user file
 * that cannot be used never stops the data: the bundled prices are used and `ignored` says why.
 */
export function effectivePrices(userFile: string = dataPaths().pricing): EffectivePrices {
  const bundled = parsePricingFile(bundledPricingFile(), 'bundled');
  if (!fs.existsSync(userFile)) return { rows: bundled, ignored: null };
  let user: PriceRow[];
  try {
    user = parsePricingFile(userFile, `user ${userFile}`);
  } catch (err) {
    if (err instanceof PricingFileError) return { rows: bundled, ignored: err };
    throw err;
  }
  const overridden = new Set(user.map((r) => r.model));
  return { rows: [...bundled.filter((r) => !overridden.has(r.model)), ...user], ignored: null };
}

/** The rows as NDJSON for sql/build/price_rows.sql. */
export function priceRowsNdjson(rows: PriceRow[]): string {
  return rows.map((r) => JSON.stringify(r)).join('\n') + '\n';
}
