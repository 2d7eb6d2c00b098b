// Redact secrets in a transcript line with the hook's patterns (hooks/secret-patterns.ts via
// hooks/redact.ts), so the warehouse copy of a transcript holds no more than the journal does.
//
// The line is parsed and every string value redacted separately, then re-serialised only when
// something changed: a regexp over the raw JSON text could swallow an escaped quote and leave
// invalid JSON. Lines with nothing to redact are stored byte for byte.
import { isSecretKey, redactText } from '../core/redact';
import { SECRET_KEY_ENDINGS, redactionMarker } from '../core/secret-patterns';

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

function walk(value: unknown, kinds: Set<string>, key?: string): unknown {
  if (typeof value === 'string') {
    if (key !== undefined && value.length > 0 && isSecretKey(key)) {
      kinds.add('secret_field');
      return redactionMarker('secret_field');
    }
    const r = redactText(value);
    for (const k of r.kinds) kinds.add(k);
    return r.text;
  }
  if (Array.isArray(value)) return value.map((v) => walk(v, kinds));
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = walk(v, kinds, k);
    return out;
  }
  return value;
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
  const redacted = walk(value, kinds);
  if (kinds.size === 0) return { value, text, kinds: [] };
  return { value: redacted, text: JSON.stringify(redacted), kinds: [...kinds] };
}

/** Redact a line that is not valid JSON (kept as text in raw_transcript_rejects). */
export function redactRejectText(text: string): string {
  return redactText(text).text;
}
