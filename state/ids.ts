// Short, typeable ids: a prefix and 8 random Crockford base-32 characters (40 bits). At 100k tasks
// a collision has p ≈ 0.5 %, so inserts retry on a primary-key clash. Agents may type any unique
// prefix; a typo gets the closest id by edit distance.
const ALPHABET = '0123456789abcdefghjkmnpqrstvwxyz';

export function newId(prefix: 't' | 'p'): string {
  // Required here, not at the top: loading node:crypto costs ~10 ms, and `task go`/`done` create no ids.
  const { randomBytes } = require('node:crypto') as typeof import('node:crypto'); // eslint-disable-line @typescript-eslint/no-require-imports
  const bytes = randomBytes(5);
  let bits = 0n;
  for (const b of bytes) bits = (bits << 8n) | BigInt(b);
  let out = '';
  for (let i = 0; i < 8; i++) out = ALPHABET[Number((bits >> BigInt(i * 5)) & 31n)] + out;
  return `${prefix}-${out}`;
}

/** What the user typed, as an id prefix: trimmed, lower-case, with the `t-` added when missing. */
export function normalizeIdInput(input: string, prefix = 't'): string {
  const s = input.trim().toLowerCase();
  return s.startsWith(`${prefix}-`) ? s : `${prefix}-${s}`;
}

export function editDistance(a: string, b: string): number {
  const prev = new Array(b.length + 1);
  for (let j = 0; j <= b.length; j++) prev[j] = j;
  for (let i = 1; i <= a.length; i++) {
    let diag = prev[0];
    prev[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const up = prev[j];
      prev[j] = Math.min(prev[j] + 1, prev[j - 1] + 1, diag + (a[i - 1] === b[j - 1] ? 0 : 1));
      diag = up;
    }
  }
  return prev[b.length];
}

/** The candidate closest to `input`, if it is close enough to be a typo (≤ 3 edits). */
export function closest(input: string, candidates: Iterable<string>): string | null {
  let best: string | null = null;
  let bestDistance = 4;
  for (const c of candidates) {
    const d = editDistance(input, c.slice(0, Math.max(input.length, c.length)));
    if (d < bestDistance) {
      best = c;
      bestDistance = d;
    }
  }
  return best;
}
