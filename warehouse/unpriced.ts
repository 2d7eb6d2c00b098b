// Models seen with no price are loud: each ingest that builds names them, with the calls they
// cover and the pricing.json lines that fix it (their cost stays NULL until then, never 0).
import type { DuckDBConnection } from '@duckdb/node-api';

export interface UnpricedModel {
  model: string;
  api_calls: number;
  first_day: string;
  last_day: string;
}

export async function unpricedModels(conn: DuckDBConnection): Promise<UnpricedModel[]> {
  const r = await conn.runAndReadAll('SELECT model, api_calls, CAST(first_day AS VARCHAR) AS first_day, CAST(last_day AS VARCHAR) AS last_day FROM v_unpriced_models');
  return r.getRowObjectsJS().map((row) => ({ model: String(row.model), api_calls: Number(row.api_calls), first_day: String(row.first_day), last_day: String(row.last_day) }));
}

/** One warning per unpriced model: what it covers, and the snippet to add to `pricingFile`. */
export function unpricedWarning(m: UnpricedModel, pricingFile: string): string {
  const snippet = JSON.stringify({ models: [{ model: m.model, input_usd_per_mtok: 0, output_usd_per_mtok: 0, effective_from: m.first_day }] });
  return (
    `model ${m.model} has no price: ${m.api_calls} API calls (${m.first_day} to ${m.last_day}) have a NULL cost. ` +
    `Add its list prices (USD per million tokens) to ${pricingFile}, e.g. ${snippet.replace(/: ?0,/g, ': <price>,')}, ` +
    'then run `agentdag ingest` (`agentdag report unpriced-models` lists every such model)'
  );
}

/** After a build: one warning per model seen without a price. */
export async function warnUnpriced(conn: DuckDBConnection, pricingFile: string, warn: (message: string) => void): Promise<void> {
  for (const m of await unpricedModels(conn)) warn(unpricedWarning(m, pricingFile));
}
