// The journal envelope: the contract between the hook and ingest (see TEAM.md / README).
// One JSON line per hook call:
//   {"v":1,"id","ts","host","event","session_id","agent_id","agent_type","payload",["cut"],["redacted"]}
// node-only: the hook builds it on every call.
import { cutMarker } from './cap';
import { redactTree, type CutField, type RedactedField } from '../core/redact-tree';

export type { CutField, RedactedField };

export const ENVELOPE_VERSION = 1;

export interface Envelope {
  v: number;
  id: string;
  ts: string;
  host: string;
  event: string;
  session_id: string | null;
  agent_id: string | null;
  agent_type: string | null;
  payload: Record<string, unknown>;
  cut?: CutField[];
  redacted?: RedactedField[];
}

/** Cap oversized strings and redact secrets (core/redact-tree.ts); returns what was cut and what was redacted. */
export function sanitizePayload(payload: Record<string, unknown>, maxChars: number): { cut: CutField[]; redacted: RedactedField[] } {
  return redactTree(payload, { maxChars, cutMarker });
}

function stringOrNull(v: unknown): string | null {
  if (v === undefined || v === null) return null;
  return typeof v === 'string' ? v : JSON.stringify(v);
}

// FNV-1a: a stable 32-bit hash of the host name, so ids from two machines differ even when the
// clock, pid and random part collide. crypto is not loaded for this: require('node:crypto') and
// randomUUID cost ~4 ms per hook call (perf-baselines §1b).
function fnv1a(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

const pad = (s: string, n: number) => (s.length >= n ? s : '0'.repeat(n - s.length) + s);

/**
 * ISO-8601 UTC with milliseconds, like Date#toISOString but built from the UTC getters: the first
 * toISOString() of a process costs ~0.2 ms (measured), this ~0.05 ms. Years 0-9999 only.
 */
export function isoUtc(ms: number): string {
  const d = new Date(ms);
  const two = (n: number) => (n < 10 ? '0' : '') + n;
  return `${pad(String(d.getUTCFullYear()), 4)}-${two(d.getUTCMonth() + 1)}-${two(d.getUTCDate())}T${two(d.getUTCHours())}:${two(d.getUTCMinutes())}:${two(d.getUTCSeconds())}.${pad(String(d.getUTCMilliseconds()), 3)}Z`;
}

/**
 * `<ms base36, 9>-<host hash, 7>-<pid base36>-<random, 2×7>`: sorts by time, unique across
 * processes (pid), machines (host hash) and same-millisecond calls (64 bits of Math.random).
 */
export function eventId(nowMs: number, host: string, pid: number): string {
  const r1 = Math.floor(Math.random() * 0x100000000);
  const r2 = Math.floor(Math.random() * 0x100000000);
  return `${pad(nowMs.toString(36), 9)}-${pad(fnv1a(host).toString(36), 7)}-${pid.toString(36)}-${pad(r1.toString(36), 7)}${pad(r2.toString(36), 7)}`;
}

export interface EnvelopeContext {
  nowMs: number;
  host: string;
  pid: number;
  maxChars: number;
}

/** Build the envelope around a parsed payload object (sanitizing the payload in place). */
export function buildEnvelope(payload: Record<string, unknown>, ctx: EnvelopeContext): Envelope {
  const { cut, redacted } = sanitizePayload(payload, ctx.maxChars);
  const name = payload.hook_event_name;
  const env: Envelope = {
    v: ENVELOPE_VERSION,
    id: eventId(ctx.nowMs, ctx.host, ctx.pid),
    ts: isoUtc(ctx.nowMs),
    host: ctx.host,
    event: typeof name === 'string' && name !== '' ? name : 'unknown',
    session_id: stringOrNull(payload.session_id),
    agent_id: stringOrNull(payload.agent_id),
    agent_type: stringOrNull(payload.agent_type),
    payload,
  };
  if (cut.length) env.cut = cut;
  if (redacted.length) env.redacted = redacted;
  return env;
}
