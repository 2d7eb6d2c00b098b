// Redact secrets in a transcript line with the hook's patterns (hooks/secret-patterns.ts via
// hooks/redact.ts), so the warehouse copy of a transcript holds no more than the journal does.
//
// The line is parsed and every string value redacted separately, then re-serialised only when
// something changed: a regexp over the raw JSON text could swallow an escaped quote and leave
// invalid JSON. Lines with nothing to redact are stored byte for byte.
import { redactText } from '../core/redact';
import { redactJsonValue } from '../core/redact-json';
import { SECRET_KEY_ENDINGS } from '../core/secret-patterns';

// A JSON key whose name ends like a secret's, followed by a string value ("api_key": "…").
export const SECRET_KEY_IN_JSON = new RegExp(
  '"[A-Za-z0-9_-]*(?:' + SECRET_KEY_ENDINGS.map((e) => e.split('').join('[-_]?')).join('|') + ')"\\s*:\\s*"[^"]',
  'i',
);

export interface RedactedLine {
  value: unknown;
  text: string;
  kinds: string[];
}

const UNESCAPE: Record<string, string> = { n: '\n', r: '\r', t: '\t', '"': '"', '\\': '\\', '/': '/', b: '\b', f: '\f' };

/** JSON.stringify's escapes undone (\uXXXX kept): a superset check, never a stored value. */
function unescapeJsonText(text: string): string {
  return text.indexOf('\\') < 0 ? text : text.replace(/\\([nrt"\\/bf])/g, (_m, c: string) => UNESCAPE[c]);
}

/** Parse (throws on invalid JSON) and redact one line. */
export function redactLine(text: string): RedactedLine {
  const value: unknown = JSON.parse(text);
  // Cheap pre-check on the whole line (most lines hold no secret), on the text with JSON.stringify's
  // escapes undone so that patterns needing a real newline or quote (yaml_secret, json_secret) see them.
  if (!SECRET_KEY_IN_JSON.test(text) && redactText(unescapeJsonText(text)).kinds.length === 0) return { value, text, kinds: [] };
  const kinds = new Set<string>();
  const redacted = redactJsonValue(value, kinds);
  if (kinds.size === 0) return { value, text, kinds: [] };
  return { value: redacted, text: JSON.stringify(redacted), kinds: [...kinds] };
}

/** Redact a line that is not valid JSON (kept as text in raw_transcript_rejects). */
export function redactRejectText(text: string): string {
  return redactText(text).text;
}
