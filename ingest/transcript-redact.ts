// Redact secrets in a transcript line with the hook's walk and patterns (core/redact-tree.ts,
// core/secret-patterns.ts), so the warehouse copy of a transcript holds no more than the journal does.
//
// The line is parsed and every string value (and key) redacted separately, then re-serialised only when
// something changed: a regexp over the raw JSON text could swallow an escaped quote and leave
// invalid JSON. Lines with nothing to redact are stored byte for byte.
import { redactText } from '../core/redact';
import { redactTree } from '../core/redact-tree';
import { stringifyAnyDepth } from '../core/json-deep';
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
  let redacted = value;
  let kinds: Set<string>;
  if (typeof value === 'string') {
    const r = redactText(value);
    redacted = r.text;
    kinds = new Set(r.kinds);
  } else kinds = new Set(redactTree(value, { maxChars: 0 }).redacted.map((r) => r.kind));
  if (kinds.size === 0) return { value, text, kinds: [] };
  return { value: redacted, text: stringifyAnyDepth(redacted), kinds: [...kinds] };
}
