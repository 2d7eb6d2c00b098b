// Values made JSON-safe, for every edge that prints or serves rows (CLI, HTTP API, MCP).

export type Row = Record<string, unknown>;

/** Make a value JSON-safe: BigInt to number (or string past 2^53), Date to ISO, nested values recursively. */
export function plain(value: unknown): unknown {
  if (typeof value === 'bigint') {
    return value <= BigInt(Number.MAX_SAFE_INTEGER) && value >= BigInt(Number.MIN_SAFE_INTEGER) ? Number(value) : value.toString();
  }
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return value.map(plain);
  if (value && typeof value === 'object') {
    const out: Row = {};
    for (const [k, v] of Object.entries(value)) out[k] = plain(v);
    return out;
  }
  return value;
}
