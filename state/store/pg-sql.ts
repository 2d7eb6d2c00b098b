// The engine's SQL as PostgreSQL takes it: the dialect tokens of state/sql.ts expanded, and the
// SQLite-style parameters (`?` in order, `@name` by name) numbered `$1, $2, …`.
import { expandTokens } from '../sql';

/** PostgreSQL's spelling of the tokens of state/sql.ts (the functions are in migration 001). */
export const PG_TOKENS: Record<string, string> = {
  NOW: 'agentdag_now()',
  LEASE_END: 'agentdag_lease_end(lease_seconds)',
  ROWID: 'seq',
  // Writers are serialized by the graph's advisory lock already; the row lock and skip make the
  // claim atomic on its own as well (no double claim even by a writer outside that lock).
  SKIP_LOCKED: 'FOR UPDATE SKIP LOCKED',
};

export interface PgStatement {
  text: string;
  /** Parameter names in $-number order (named), or null for positional `?`. */
  names: string[] | null;
}

/** Number the parameters, skipping string literals, quoted identifiers and comments. */
export function toPg(sql: string): PgStatement {
  const src = expandTokens(sql, PG_TOKENS);
  let out = '';
  const names: string[] = [];
  let positional = 0;
  for (let i = 0; i < src.length; ) {
    const c = src[i];
    if (c === "'" || c === '"') {
      const end = src.indexOf(c, i + 1);
      const stop = end < 0 ? src.length : end + 1;
      out += src.slice(i, stop);
      i = stop;
    } else if (c === '-' && src[i + 1] === '-') {
      const end = src.indexOf('\n', i);
      const stop = end < 0 ? src.length : end;
      out += src.slice(i, stop);
      i = stop;
    } else if (c === '?') {
      out += `$${++positional}`;
      i++;
    } else if (c === '@' && /[A-Za-z_]/.test(src[i + 1] ?? '')) {
      const m = /^[A-Za-z_][A-Za-z0-9_]*/.exec(src.slice(i + 1))!;
      let n = names.indexOf(m[0]);
      if (n < 0) n = names.push(m[0]) - 1;
      out += `$${n + 1}`;
      i += 1 + m[0].length;
    } else {
      out += c;
      i++;
    }
  }
  if (positional && names.length) throw new Error('a statement mixes ? and @name parameters');
  return { text: out, names: names.length ? names : null };
}

/** The values in $-number order, from what the engine passed (`.get(a, b)` or `.get({ a, b })`). */
export function pgValues(st: PgStatement, params: unknown[]): unknown[] {
  if (!st.names) return params;
  const bag = (params[0] ?? {}) as Record<string, unknown>;
  return st.names.map((n) => (bag[n] === undefined ? null : bag[n]));
}
