// Redact secrets in a transcript line with the hook's patterns (core/secret-patterns.ts via
// core/redact.ts), so the warehouse copy of a transcript holds no more than the journal does.
//
// The line is parsed and every string value redacted separately, then re-serialised only when
// something changed: a regexp over the raw JSON text could swallow an escaped quote and leave
// invalid JSON. Lines with nothing to redact are stored byte for byte.
import { redactText } from '../core/redact';
import { redactJsonValue } from '../core/redact-json';
import { stringifyAnyDepth } from '../core/json-deep';
import { SECRET_KEY_ENDINGS, SECRET_PATTERNS, type SecretPattern } from '../core/secret-patterns';

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

/**
 * Parse (throws on invalid JSON) and redact one line. `flagged`: DuckDB's test (below) flagged the
 * line already, so the whole-line pre-check would only repeat it (it was ~40% of the redaction time
 * of the real corpus's flagged lines, which are long tool results).
 */
export function redactLine(text: string, flagged = false): RedactedLine {
  const value: unknown = JSON.parse(text);
  // Cheap pre-check on the whole line (most lines hold no secret), on the text with JSON.stringify's
  // escapes undone so that patterns needing a real newline or quote (yaml_secret, json_secret) see them.
  if (!flagged && !SECRET_KEY_IN_JSON.test(text) && redactText(unescapeJsonText(text)).kinds.length === 0) return { value, text, kinds: [] };
  const kinds = new Set<string>();
  const redacted = redactJsonValue(value, kinds);
  if (kinds.size === 0) return { value, text, kinds: [] };
  return { value: redacted, text: stringifyAnyDepth(redacted), kinds: [...kinds] };
}

// ─── Finding the lines to redact in DuckDB (the transcript reader is DuckDB's, like the journal's) ───
// DuckDB tests every line against the secret patterns in RE2 (a few alternations, SECRET_GROUPS, on
// the line as stored: JSON text); only the lines it flags come back to JavaScript for redactLine(), so
// a line is changed exactly as before. The flag must cover every line redactLine() changes, i.e.
// every line where a pattern matches the text with JSON's escapes undone (unescapeJsonText) or
// SECRET_KEY_IN_JSON matches the raw text. Undoing escapes in SQL cost ~8 string passes (3 s on
// the 24 MB real corpus), so instead each pattern is rewritten to accept, wherever it accepts a
// character JSON escapes, that character's escape too, and to be at least as permissive where
// JavaScript's and RE2's regular expressions differ:
//   "  /           also \"  \/                    (a quote or slash escaped in the text)
//   \s            also \n \r \t \f, \v and the Unicode spaces (NBSP, U+2000-U+200A, U+2028, …)
//   [ \t] etc.    a class that takes whitespace or a quote also takes an escape sequence
//   \b            also right after an escape sequence (an escaped newline before a word)
//   ^ in m         also after \n, \r, U+2028, U+2029
//   i              RE2 folds case by Unicode rules, a superset of JavaScript's non-Unicode folding
// Negated classes need nothing: none excludes a backslash or the letters of an escape.
// test/ingest/transcript-redaction.test.ts holds the flag to redactLine() on generated text.

const JS_SPACE = '\\x{0B}\\x{A0}\\x{1680}\\x{2000}-\\x{200A}\\x{2028}\\x{2029}\\x{202F}\\x{205F}\\x{3000}\\x{FEFF}';
/** A JSON escape of a character a pattern may accept: \n \r \t \f \b \" \/ \\. */
const ESCAPE = '\\\\[nrtfb"/\\\\]';

/** A JavaScript pattern source rewritten for RE2 to match JSON text wherever it matched the unescaped text (see above). */
export function re2Superset(source: string, multiline: boolean): string {
  let out = '';
  for (let i = 0; i < source.length; i++) {
    const c = source[i];
    if (c === '\\') {
      const next = source[i + 1];
      if (next === 's') out += `(?:[\\s${JS_SPACE}]|${ESCAPE})`;
      else if (next === 'b') out += `(?:\\b|${ESCAPE})`;
      else out += c + next;
      i++;
    } else if (c === '[') {
      let j = i + 1;
      if (source[j] === '^') j++;
      if (source[j] === ']') j++;
      for (; source[j] !== ']'; j++) if (source[j] === '\\') j++;
      const cls = source.slice(i, j + 1);
      const negated = cls.startsWith('[^');
      const body = cls.replace(/\\s/g, `\\s${JS_SPACE}`);
      out += !negated && /\\s|\\t|\\n|\\r|"|\//.test(cls) ? `(?:${body}|${ESCAPE})` : body;
      i = j;
    } else if (c === '"' || c === '/') {
      out += `\\\\?${c}`;
    } else if (c === '^' && multiline) {
      out += '(?:^|\\\\[nr]|[\\x{2028}\\x{2029}])';
    } else {
      out += c;
    }
  }
  return out;
}

/**
 * How many expressions carry the secret patterns to DuckDB. RE2 runs an expression as a DFA built
 * within a fixed memory budget; one alternation of all ~40 patterns overflows it and RE2 falls back
 * to its NFA: 5.3 s on the 24 MB real corpus, against ~0.1-0.15 s per pass for an expression that
 * fits. The case-sensitive patterns and the secret-key test fit in one DFA together; the
 * case-insensitive patterns (every letter a class of two) share the other groups evenly. Four
 * passes: ~0.5 s on the same corpus.
 */
export const SECRET_GROUPS = 4;

/** Matches nothing: a group left empty. */
const NEVER = '\\z.';

/** The secret patterns and the secret-key test in SECRET_GROUPS RE2 alternations, for the transcript stage. */
function re2SecretDetectors(): string[] {
  const re2 = (p: SecretPattern) => `(?${p.flags.includes('i') ? 'i' : ''}${p.flags.includes('m') ? 'm' : ''}:${re2Superset(p.source, p.flags.includes('m'))})`;
  const secretKey = `(?i:${re2Superset(SECRET_KEY_IN_JSON.source, false)})`;
  const folded = SECRET_PATTERNS.filter((p) => p.flags.includes('i'));
  const groups = [[secretKey, ...SECRET_PATTERNS.filter((p) => !p.flags.includes('i')).map(re2)]];
  const per = Math.ceil(folded.length / (SECRET_GROUPS - 1));
  for (let g = 0; g < SECRET_GROUPS - 1; g++) groups.push(folded.slice(g * per, (g + 1) * per).map(re2));
  return groups.map((g) => (g.length ? g.join('|') : NEVER));
}

/** The parameters of sql/load/transcript_stage.sql that carry the detectors: $secret_patterns_1 … 4. */
export function secretDetectorParams(): Record<string, string> {
  return Object.fromEntries(re2SecretDetectors().map((g, i) => [`secret_patterns_${i + 1}`, g]));
}
