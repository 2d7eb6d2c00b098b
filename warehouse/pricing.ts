// Model prices: the bundled versioned list (data/pricing/models.json) plus the user's overrides
// (<data dir>/pricing.json), loaded into dim_model_pricing on every build so that cost, computed in
// the views, can be repriced for all history by editing a file.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { DuckDBConnection } from '@duckdb/node-api';
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

function bad(file: string, what: string): Error {
  return new Error(`${file}: ${what}. Expected e.g. ${PRICING_EXAMPLE} (prices in USD per million tokens)`);
}

function num(file: string, i: number, row: Record<string, unknown>, key: string, fallback?: number | null): number | null {
  const v = row[key];
  if (v === undefined || v === null) {
    if (fallback === undefined) throw bad(file, `models[${i}].${key} is missing`);
    return fallback;
  }
  if (typeof v !== 'number' || !Number.isFinite(v) || v < 0) throw bad(file, `models[${i}].${key} must be a number >= 0`);
  return v;
}

function date(file: string, i: number, row: Record<string, unknown>, key: string, fallback: string | null): string | null {
  const v = row[key];
  if (v === undefined || v === null) return fallback;
  if (typeof v !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(v)) throw bad(file, `models[${i}].${key} must be a date YYYY-MM-DD`);
  return v;
}

/** Parse a pricing file (bundled or user). Throws an error naming the file and the expected shape. */
export function parsePricingFile(file: string, sourceLabel: string): PriceRow[] {
  let doc: { models?: unknown; defaults?: Record<string, number> };
  try {
    doc = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (err) {
    throw bad(file, `not valid JSON (${(err as Error).message})`);
  }
  if (!doc || !Array.isArray(doc.models)) throw bad(file, 'no "models" array');
  const defaults = { ...DEFAULTS, ...(doc.defaults ?? {}) };
  return doc.models.map((raw, i) => {
    if (!raw || typeof raw !== 'object') throw bad(file, `models[${i}] is not an object`);
    const row = raw as Record<string, unknown>;
    if (typeof row.model !== 'string' || !row.model) throw bad(file, `models[${i}].model must be a model id`);
    const from = date(file, i, row, 'effective_from', '1970-01-01')!;
    const to = date(file, i, row, 'effective_to', null);
    if (to !== null && to <= from) throw bad(file, `models[${i}]: effective_to must be after effective_from`);
    return {
      model: row.model,
      effective_from: from,
      effective_to: to,
      input_usd_per_mtok: num(file, i, row, 'input_usd_per_mtok')!,
      output_usd_per_mtok: num(file, i, row, 'output_usd_per_mtok')!,
      cache_write_5m_multiplier: num(file, i, row, 'cache_write_5m_multiplier', defaults.cache_write_5m_multiplier)!,
      cache_write_1h_multiplier: num(file, i, row, 'cache_write_1h_multiplier', defaults.cache_write_1h_multiplier)!,
      cache_read_multiplier: num(file, i, row, 'cache_read_multiplier', defaults.cache_read_multiplier)!,
      long_context_threshold_tokens: num(file, i, row, 'long_context_threshold_tokens', null),
      long_context_input_usd_per_mtok: num(file, i, row, 'long_context_input_usd_per_mtok', null),
      long_context_output_usd_per_mtok: num(file, i, row, 'long_context_output_usd_per_mtok', null),
      source: `${sourceLabel}${typeof row.source === 'string' ? ': ' + row.source : ''}`,
    };
  });
}

export function bundledPricingFile(): string {
  return path.join(packageRoot(), 'data', 'pricing', 'models.json');
}

/** Bundled rows, with every model the user's file names replaced by the user's rows. */
export function effectivePrices(userFile: string = dataPaths().pricing): PriceRow[] {
  const bundled = parsePricingFile(bundledPricingFile(), 'bundled');
  if (!fs.existsSync(userFile)) return bundled;
  const user = parsePricingFile(userFile, `user ${userFile}`);
  const overridden = new Set(user.map((r) => r.model));
  return [...bundled.filter((r) => !overridden.has(r.model)), ...user];
}

/** Fill dim_model_pricing (already created empty by sql/dims/dim_model_pricing.sql). */
export async function loadPricing(conn: DuckDBConnection, rows: PriceRow[]): Promise<void> {
  for (const r of rows) {
    await conn.run(
      `INSERT INTO dim_model_pricing VALUES ($1, CAST($2 AS DATE), CAST($3 AS DATE), $4, $5, $6, $7, $8, $9, $10, $11, $12)`,
      [
        r.model,
        r.effective_from,
        r.effective_to,
        r.input_usd_per_mtok,
        r.output_usd_per_mtok,
        r.cache_write_5m_multiplier,
        r.cache_write_1h_multiplier,
        r.cache_read_multiplier,
        r.long_context_threshold_tokens,
        r.long_context_input_usd_per_mtok,
        r.long_context_output_usd_per_mtok,
        r.source,
      ],
    );
  }
}
