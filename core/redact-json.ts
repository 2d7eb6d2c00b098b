// Redact secrets in a JSON value: every string with redactText, and the whole value of a key
// whose name says it holds a secret ("api_key": "…"). Walking the parsed value, never a regexp
// over the JSON text, which could swallow an escaped quote and leave invalid JSON.
// node-only; shared by the transcript copy (ingest/transcript-redact.ts) and the task graph's
// stored results (state/redact.ts).
import { isSecretKey, redactText } from './redact';
import { redactionMarker } from './secret-patterns';

/** A redacted copy of `value`; the kinds found go into `kinds`. */
export function redactJsonValue(value: unknown, kinds: Set<string>, key?: string): unknown {
  if (typeof value === 'string') {
    if (key !== undefined && value.length > 0 && isSecretKey(key)) {
      kinds.add('secret_field');
      return redactionMarker('secret_field');
    }
    const r = redactText(value);
    for (const k of r.kinds) kinds.add(k);
    return r.text;
  }
  if (Array.isArray(value)) return value.map((v) => redactJsonValue(v, kinds));
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = redactJsonValue(v, kinds, k);
    return out;
  }
  return value;
}
