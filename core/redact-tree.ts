// Redact (and optionally cap) every string of a parsed JSON value, in place: the one walk every
// door uses (the hook's envelope, transcript lines at ingest, envelopes ingest did not write).
//
// - Iterative, not recursive: a payload nested 100,000 levels deep is walked like a flat one
//   (a recursive walk overflowed the stack at ~4,000 levels and the hook dropped the event).
// - Object keys are redacted too: a secret used as a key ({"ghp_…": 1}) becomes a marker, and the
//   paths reported in `redacted`/`cut` are built from the redacted keys, so they never leak it.
// - Any string under a key named like a secret ("password", "apiKey", …) is replaced whole.
// - A private key spread over sibling strings (Edit/Write structuredPatch lines, one string per
//   line; old_string/new_string): after a string that opens a key block (BEGIN without END), the
//   following siblings of the same array or object lose their key-body lines (16+ base64
//   characters with a digit, an upper- and a lower-case letter, after an optional diff mark) and
//   everything up to the END line, which closes the block. Other lines stay: the sibling of a
//   prompt that quotes half a key is still the session's cwd.
//
// node-only: the hook loads it.
import { isSecretKey, redactCut, redactText, type Redacted } from './redact';
import { redactionMarker } from './secret-patterns';

export interface CutField {
  path: string;
  /** Original length in UTF-16 code units (JS string length). */
  length: number;
}

export interface RedactedField {
  path: string;
  kind: string;
}

export interface TreeMarks {
  cut: CutField[];
  redacted: RedactedField[];
}

export interface TreeOptions {
  /** Keep at most this many characters of each string (0 = no cap). */
  maxChars: number;
  /** Appended to a string that was cut, given its original length. */
  cutMarker?: (originalLength: number) => string;
}

/** A line of a key's body: base64, at least 16 characters, mixed case and digits; after an optional diff mark. */
const BODY_LINE = /^[+\- ]?(?=[^\n]*[0-9])(?=[^\n]*[A-Z])(?=[^\n]*[a-z])[A-Za-z0-9+/=]{16,}\r?$/;

const BEGIN = /-----BEGIN[A-Z0-9 ]*PRIVATE KEY(?: BLOCK)?-----/g;
const END = /-----END[A-Z0-9 ]*PRIVATE KEY(?: BLOCK)?-----/g;

/** True when the last key BEGIN line in `text` has no END line after it. */
function opensKeyBlock(text: string): boolean {
  if (!text.includes('-----BEGIN')) return false;
  let last = -1;
  BEGIN.lastIndex = 0;
  for (let m = BEGIN.exec(text); m; m = BEGIN.exec(text)) last = m.index;
  if (last < 0) return false;
  END.lastIndex = last;
  return END.exec(text) === null;
}

/**
 * A sibling after an unclosed key BEGIN: its key-body lines and everything up to and including an
 * END line become markers (`head`); `body` is what follows the END line, or the lines kept.
 */
function keyBodyRemoved(text: string): { head: string; body: string; closed: boolean; changed: boolean } {
  const marker = redactionMarker('private_key');
  END.lastIndex = 0;
  const end = END.exec(text);
  BEGIN.lastIndex = 0;
  const begin = BEGIN.exec(text);
  if (end && (!begin || end.index < begin.index)) return { head: diffMark(text) + marker, body: text.slice(end.index + end[0].length), closed: true, changed: true };
  // No END of ours: body lines only, up to a BEGIN of the string's own (which ends our block).
  const upTo = begin ? begin.index : text.length;
  let changed = false;
  const lines = text.slice(0, upTo).split('\n').map((line) => (BODY_LINE.test(line) ? ((changed = true), diffMark(line) + marker) : line));
  return { head: '', body: changed ? lines.join('\n') + text.slice(upTo) : text, closed: begin !== null, changed };
}

/** The +, - or space a diff line starts with (kept, so a patch still reads as one). */
function diffMark(line: string): string {
  const c = line.charAt(0);
  return c === '+' || c === '-' || c === ' ' ? c : '';
}

/**
 * Keys that are short plain camelCase or snake_case words (session_id, toolUseResult): nearly every
 * key Claude Code sends, so not looked at for secrets. No secret shape fits: tokens have digits,
 * dashes or dots, start upper-case (AKIA…), or are longer (ghp_ + 36). Skipping them keeps the
 * hook's cold start where it was (looking at every key cost ~1 ms of CPU per call, measured).
 */
const PLAIN_KEY = /^[a-z][A-Za-z_]{0,23}$/;

interface Frame {
  node: Record<string, unknown> | unknown[];
  keys: string[] | null;
  i: number;
  path: string;
  /** Under a key named like a secret: every string below is one. */
  secret: boolean;
  /** An earlier sibling string opened a private key block that no END has closed yet. */
  inKey: boolean;
  /** Keys renamed because they held a secret: [old, new]. */
  renamed: [string, string][] | null;
}

export function redactTree(root: unknown, opts: TreeOptions): TreeMarks {
  const marks: TreeMarks = { cut: [], redacted: [] };
  if (root === null || typeof root !== 'object') return marks;
  const keyCache = new Map<string, string>();
  const visit = (frame: Frame, text: string, path: string, secret: boolean): string => {
    if (secret && text !== '') {
      marks.redacted.push({ path, kind: 'secret_field' });
      return redactionMarker('secret_field');
    }
    let head = '';
    let body = text;
    if (frame.inKey) {
      const rest = keyBodyRemoved(text);
      if (rest.changed) marks.redacted.push({ path, kind: 'private_key' });
      frame.inKey = !rest.closed;
      head = rest.head;
      body = rest.body;
    }
    const r: Redacted & { cut?: boolean } = opts.maxChars > 0 ? redactCut(body, opts.maxChars) : redactText(body);
    for (const kind of r.kinds) marks.redacted.push({ path, kind });
    if (opensKeyBlock(body)) frame.inKey = true;
    if (!r.cut) return head + r.text;
    marks.cut.push({ path, length: text.length });
    return head + r.text + (opts.cutMarker ? opts.cutMarker(text.length) : '');
  };
  const keyName = (key: string): string => {
    if (PLAIN_KEY.test(key)) return key;
    let out = keyCache.get(key);
    if (out === undefined) keyCache.set(key, (out = redactText(key).text));
    return out;
  };

  const stack: Frame[] = [frame(root as Record<string, unknown>, '', false)];
  while (stack.length > 0) {
    const f = stack[stack.length - 1];
    const length = f.keys ? f.keys.length : (f.node as unknown[]).length;
    if (f.i >= length) {
      if (f.renamed) renameKeys(f.node as Record<string, unknown>, f.renamed);
      stack.pop();
      continue;
    }
    const i = f.i++;
    let key: string | number = i;
    let path: string;
    let secret = f.secret;
    if (f.keys) {
      key = f.keys[i];
      const name = keyName(key);
      if (name !== key) {
        (f.renamed ??= []).push([key, name]);
        marks.redacted.push({ path: join(f.path, name), kind: 'secret_key' });
      }
      path = join(f.path, name);
      secret ||= isSecretKey(key);
    } else path = `${f.path}[${i}]`;
    const v = (f.node as Record<string | number, unknown>)[key];
    if (typeof v === 'string') {
      const out = visit(f, v, path, secret);
      // defineProperty, not assignment: a "__proto__" key from JSON.parse must stay a plain field.
      if (out !== v) Object.defineProperty(f.node, key, { value: out, enumerable: true, writable: true, configurable: true });
    } else if (v !== null && typeof v === 'object') stack.push(frame(v as Record<string, unknown>, path, secret));
  }
  return marks;
}

function frame(node: Record<string, unknown> | unknown[], path: string, secret: boolean): Frame {
  return { node, keys: Array.isArray(node) ? null : Object.keys(node), i: 0, path, secret, inKey: false, renamed: null };
}

function join(path: string, key: string): string {
  return path === '' ? key : `${path}.${key}`;
}

/** Rename keys in place, keeping their order; two keys redacted alike get #2, #3… */
function renameKeys(obj: Record<string, unknown>, renamed: [string, string][]): void {
  const to = new Map(renamed);
  const entries = Object.keys(obj).map((k) => [to.get(k) ?? k, obj[k]] as const);
  for (const k of Object.keys(obj)) delete obj[k];
  for (const [k, v] of entries) {
    let name = k;
    for (let n = 2; Object.prototype.hasOwnProperty.call(obj, name); n++) name = `${k}#${n}`;
    Object.defineProperty(obj, name, { value: v, enumerable: true, writable: true, configurable: true });
  }
}
