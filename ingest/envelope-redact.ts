// A journal line written by no hook of this machine (the inbox, --journal): redacted with the
// hook's own walk (core/redact-tree.ts) before it is stored, so a journal copied from a machine
// with an older agentdag, or written by hand, holds no more than one this hook wrote.
// The payload is walked as the hook walks it (paths in `redacted` relative to the payload); the
// envelope's other strings (host, session, agent) are redacted as text. A line with nothing to
// redact is kept byte for byte.
import { stringifyAnyDepth } from '../core/json-deep';
import { redactText } from '../core/redact';
import { redactTree, type RedactedField } from '../core/redact-tree';

/** Envelope fields that are identities and times, not text: never rewritten (the id is the dedup key). */
const KEPT = new Set(['v', 'id', 'ts', 'payload', 'cut', 'redacted']);

/** `line`: one journal line (without its newline) that parses as a JSON object. */
export function redactForeignEnvelope(line: Buffer): Buffer {
  const env = JSON.parse(line.toString('utf8')) as Record<string, unknown>;
  const found: RedactedField[] = [];
  if (env.payload !== null && typeof env.payload === 'object') found.push(...redactTree(env.payload, { maxChars: 0 }).redacted);
  else if (typeof env.payload === 'string') {
    const r = redactText(env.payload);
    env.payload = r.text;
    for (const kind of r.kinds) found.push({ path: '', kind });
  }
  for (const [key, value] of Object.entries(env)) {
    if (KEPT.has(key) || typeof value !== 'string') continue;
    const r = redactText(value);
    if (r.kinds.length === 0) continue;
    Object.defineProperty(env, key, { value: r.text, enumerable: true, writable: true, configurable: true }); // "__proto__" too
    for (const kind of r.kinds) found.push({ path: `$${key}`, kind });
  }
  if (found.length === 0) return line;
  env.redacted = [...(Array.isArray(env.redacted) ? env.redacted : []), ...found];
  return Buffer.from(stringifyAnyDepth(env), 'utf8');
}
