// Cap oversized strings: a Read of a big file or a Bash stdout can be megabytes, and the journal
// line must stay small (one O_APPEND write was measured atomic up to 8 MiB lines; smaller lines
// also keep ingest and the warehouse lean). node-only: the hook loads it.

/** Default prefix kept of a capped string, in UTF-16 code units (JS string length). */
export const DEFAULT_MAX_FIELD_CHARS = 8192;

/**
 * `AGENTDAG_MAX_FIELD_CHARS` when it is a whole number ≥ 0 (0 = never cap), else the default.
 * Values below 64 are raised to 64 so that a marker never dwarfs what it keeps.
 */
export function maxFieldChars(env: NodeJS.ProcessEnv = process.env): number {
  const raw = env.AGENTDAG_MAX_FIELD_CHARS;
  if (raw === undefined || raw.trim() === '') return DEFAULT_MAX_FIELD_CHARS;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0) return DEFAULT_MAX_FIELD_CHARS;
  if (n === 0) return 0;
  return Math.max(64, n);
}

export function cutMarker(originalLength: number): string {
  return `…[agentdag: cut, ${originalLength} chars]`;
}

/** The first `max` code units of `text`, never ending inside a surrogate pair, plus the marker. */
export function capString(text: string, max: number, originalLength: number = text.length): string {
  let end = Math.min(max, text.length);
  const last = text.charCodeAt(end - 1);
  if (end > 0 && last >= 0xd800 && last <= 0xdbff) end--;
  return text.slice(0, end) + cutMarker(originalLength);
}
