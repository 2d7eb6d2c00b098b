// Redact secrets in a JSON value: a redacted copy, walked as the hook walks a payload
// (core/redact-tree.ts: every string with redactText, the whole value of a key whose name says it
// holds a secret, a secret used as a key, a private key's body in the sibling strings after its
// BEGIN line). Walking the parsed value, never a regexp over the JSON text, which could swallow an
// escaped quote and leave invalid JSON.
// node-only; used by the task graph's stored results (state/redact.ts).
import { stringifyAnyDepth } from './json-deep';
import { redactText } from './redact';
import { redactTree } from './redact-tree';

/** A redacted copy of `value` (left as it is); the kinds found go into `kinds`. */
export function redactJsonValue(value: unknown, kinds: Set<string>): unknown {
  if (typeof value === 'string') {
    const r = redactText(value);
    for (const k of r.kinds) kinds.add(k);
    return r.text;
  }
  if (value === null || typeof value !== 'object') return value;
  const copy: unknown = JSON.parse(stringifyAnyDepth(value));
  for (const r of redactTree(copy, { maxChars: 0 }).redacted) kinds.add(r.kind);
  return copy;
}
