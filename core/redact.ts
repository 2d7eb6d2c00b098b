// Replace secret shapes in text by `[REDACTED:<kind>]` (patterns: core/secret-patterns.ts).
// node-only: the hook runs this on every payload string.
import { SECRET_PATTERNS, SECRET_KEY_ENDINGS, redactionMarker } from './secret-patterns';

// Compiled on first use only: most payloads trigger none or one or two patterns, and compiling
// all of them up front (or one big alternation) cost 4-8 ms per hook call on this machine.
const compiled: (RegExp | undefined)[] = new Array(SECRET_PATTERNS.length);

function regexFor(i: number): RegExp {
  let re = compiled[i];
  if (!re) compiled[i] = re = new RegExp(SECRET_PATTERNS[i].source, 'g' + SECRET_PATTERNS[i].flags);
  re.lastIndex = 0;
  return re;
}

/** Whether pattern `i` can match a text whose lowercase form is `lower` (the cheap pre-check). */
function triggered(i: number, lower: string): boolean {
  const p = SECRET_PATTERNS[i];
  let hit = false;
  for (const t of p.triggers) if (lower.includes(t)) { hit = true; break; }
  return hit && (!p.needs || p.needs.every((n) => lower.includes(n)));
}

export interface Redacted {
  text: string;
  /** Kinds whose marker is in `text` now, each once, in pattern order. Empty when nothing was redacted. */
  kinds: string[];
}

/**
 * Every pattern in order, each over the output of the one before: exactly what the nested
 * regexp_replace of sqlRedactionExpression does, so the two give the same text. A later, wider
 * pattern may swallow an earlier marker (API_KEY=[REDACTED:openai_key] becomes
 * API_KEY=[REDACTED:env_secret]); `kinds` lists the markers that are left.
 */
export function redactText(text: string): Redacted {
  const found: string[] = [];
  const lower = text.toLowerCase();
  let out = text;
  for (let i = 0; i < SECRET_PATTERNS.length; i++) {
    if (!triggered(i, lower)) continue;
    const p = SECRET_PATTERNS[i];
    out = out.replace(regexFor(i), (match: string, ...groups: unknown[]) => {
      const prefix = p.keep >= 1 ? String(groups[0] ?? '') : '';
      const suffix = p.keep === 2 ? String(groups[1] ?? '') : '';
      if (!found.includes(p.kind)) found.push(p.kind);
      return prefix + redactionMarker(p.kind) + suffix;
    });
  }
  if (found.length === 0) return { text, kinds: found };
  return { text: out, kinds: found.filter((k) => out.includes(redactionMarker(k))) };
}

/**
 * Where to cut `text` near `at` so that no secret is cut in half: `at`, or the end of a secret
 * that starts before `at` and runs past it (its first half alone might no longer look like a
 * secret: "AKIAIOSF" is not an AWS key). Looks `margin` characters either side.
 */
function cutPoint(text: string, at: number, margin: number): number {
  const from = Math.max(0, at - margin);
  const window = text.slice(from, at + margin);
  const lower = window.toLowerCase();
  let end = at;
  for (let moved = true; moved; ) {
    moved = false;
    for (let i = 0; i < SECRET_PATTERNS.length; i++) {
      if (!triggered(i, lower)) continue;
      const re = regexFor(i);
      for (let m = re.exec(window); m; m = re.exec(window)) {
        if (m[0] === '') re.lastIndex++;
        const start = from + m.index;
        const stop = start + m[0].length;
        if (start < end && stop > end) {
          end = stop;
          moved = true;
        }
      }
    }
  }
  return end;
}

/** Secrets are looked for this far either side of a cut: longer than any token shape (an RSA-4096 PEM block is ~3.3 KB). */
export const CUT_MARGIN = 4096;

/**
 * The first `max` characters of `text`, redacted; `cut` when something was left out. Cutting
 * first and redacting after would keep the first half of a secret that straddles the cut (too
 * short to match); redacting first and cutting after would keep text from past the cut once a
 * long secret before it shrank to a marker. So the cut moves to the end of a straddling secret,
 * and what is kept is redacted whole. Never ends inside a surrogate pair.
 */
export function redactCut(text: string, max: number): Redacted & { cut: boolean } {
  if (max <= 0 || text.length <= max) return { ...redactText(text), cut: false };
  let end = cutPoint(text, max, CUT_MARGIN);
  const last = text.charCodeAt(end - 1);
  if (end === max && last >= 0xd800 && last <= 0xdbff) end--;
  return { ...redactText(text.slice(0, end)), cut: true };
}

export function isSecretKey(key: string): boolean {
  const k = key.toLowerCase().replace(/[-_]/g, '');
  for (const ending of SECRET_KEY_ENDINGS) if (k.endsWith(ending)) return true;
  return false;
}
