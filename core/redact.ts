// Replace secret shapes in text by `[REDACTED:<kind>]` (patterns: hooks/secret-patterns.ts).
// node-only: the hook runs this on every payload string.
import { SECRET_PATTERNS, SECRET_KEY_ENDINGS, redactionMarker } from './secret-patterns';

const MARKER_HEAD = '[REDACTED:';

// Compiled on first use only: most payloads trigger none or one or two patterns, and compiling
// all of them up front (or one big alternation) cost 4-8 ms per hook call on this machine.
const compiled: (RegExp | undefined)[] = new Array(SECRET_PATTERNS.length);

function regexFor(i: number): RegExp {
  let re = compiled[i];
  if (!re) compiled[i] = re = new RegExp(SECRET_PATTERNS[i].source, 'g' + SECRET_PATTERNS[i].flags);
  re.lastIndex = 0;
  return re;
}

export interface Redacted {
  text: string;
  /** Kinds found, each once, in pattern order. Empty when nothing was redacted. */
  kinds: string[];
}

export function redactText(text: string): Redacted {
  const kinds: string[] = [];
  let lower: string | undefined;
  let out = text;
  for (let i = 0; i < SECRET_PATTERNS.length; i++) {
    const p = SECRET_PATTERNS[i];
    lower ??= text.toLowerCase();
    let hit = false;
    for (const t of p.triggers) if (lower.includes(t)) { hit = true; break; }
    if (!hit) continue;
    if (p.needs && !p.needs.every((n) => lower!.includes(n))) continue;
    out = out.replace(regexFor(i), (match: string, ...groups: unknown[]) => {
      const prefix = p.keep >= 1 ? String(groups[0] ?? '') : '';
      const suffix = p.keep === 2 ? String(groups[1] ?? '') : '';
      const secret = match.slice(prefix.length, match.length - suffix.length);
      // Already redacted by an earlier, more specific pattern (e.g. API_KEY=[REDACTED:openai_key]).
      if (secret.startsWith(MARKER_HEAD)) return match;
      if (!kinds.includes(p.kind)) kinds.push(p.kind);
      return prefix + redactionMarker(p.kind) + suffix;
    });
  }
  return { text: out, kinds };
}

export function isSecretKey(key: string): boolean {
  const k = key.toLowerCase().replace(/[-_]/g, '');
  for (const ending of SECRET_KEY_ENDINGS) if (k.endsWith(ending)) return true;
  return false;
}
