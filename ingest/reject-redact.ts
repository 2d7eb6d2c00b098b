// The text of a rejected line (raw_rejects, raw_transcript_rejects), redacted before it is stored.
// A rejected line is whatever reached the file, not a payload the hook redacted: a torn line, a
// line of another machine's journal, an envelope with a bad field. Still JSON (a bad field, a
// repeated id): walked as the hook walks a payload (ingest/transcript-redact.ts redactLine), so a
// key split across strings loses its body too. Not JSON (torn, truncated): redacted as text, with
// JSON's \n, \r and \t escapes read as the line breaks and tabs they stand for, so that a secret
// just after an escaped newline ("…\nAuthorization: Basic …") is seen at the start of its line.
import { redactText } from '../core/redact';
import { redactLine } from './transcript-redact';

const REAL: Record<string, string> = { n: '\n', r: '\r', t: '\t' };
const BACK: Record<string, string> = { '\n': 'n', '\r': 'r', '\t': 't' };

/** Text that is not JSON, redacted with its escapes read as what they stand for. */
function redactEscapedText(text: string): string {
  // Each escape becomes a backslash and the real character (same length), redacted, then back. A
  // line holding a real CR, tab or newline would be ambiguous to map back: redacted as it is then.
  if (!/\\[nrt]/.test(text) || /[\r\t\n]/.test(text)) return redactText(text).text;
  const r = redactText(text.replace(/\\([nrt])/g, (_m, c: string) => `\\${REAL[c]}`));
  if (r.kinds.length === 0) return text;
  return r.text.replace(/\\([\n\r\t])/g, (_m, c: string) => `\\${BACK[c]}`);
}

/** `text` with nothing a secret pattern recognises left in it. */
export function redactRejectText(text: string): string {
  try {
    return redactLine(text).text;
  } catch {
    return redactEscapedText(text);
  }
}

/**
 * Bytes that may not be UTF-8 (a line kept byte for byte: invalid UTF-8, NUL bytes, too large),
 * redacted through their Latin-1 reading, which maps every byte to one character and back, so
 * the bytes around a secret stay exactly as they were. The patterns are ASCII.
 */
export function redactRejectBytes(bytes: Buffer): Buffer {
  const text = bytes.toString('latin1');
  const redacted = redactEscapedText(text);
  return redacted === text ? bytes : Buffer.from(redacted, 'latin1');
}
