// The secret shapes agentdag redacts, in ONE place: the hook applies them to every payload string
// before anything reaches disk, and ingest applies the same list to transcript text in JS
// (ingest/transcript-redact.ts). `sqlRedactionExpression` is the same list as DuckDB SQL; nothing
// calls it today, and test/hooks/redaction.test.ts holds it to the JS result.
//
// node-only, no npm import (the hook loads this file on every tool call).
//
// Every `source` stays inside the subset that both JavaScript and RE2 (DuckDB's regexp_replace)
// understand: no lookbehind, no lookahead, no backreferences, no named groups. Capture groups
// carry meaning, so every other group must be non-capturing `(?:…)`:
//   keep 0: the whole match is the secret          → "[REDACTED:kind]"
//   keep 1: group 1 is a prefix to keep            → "$1[REDACTED:kind]"
//   keep 2: group 1 prefix and group 2 suffix kept → "$1[REDACTED:kind]$2"
// (RE2 has no lookaround, so a context like "password=" or the "@" after a URL password has to be
// matched and written back.)

export interface SecretPattern {
  /** Short name written into the marker `[REDACTED:<kind>]` and into the envelope's `redacted` list. */
  kind: string;
  source: string;
  /** '' , 'i' (case-insensitive) and/or 'm' (^ and $ at line ends). Always applied globally. */
  flags: '' | 'i' | 'im';
  keep: 0 | 1 | 2;
  /**
   * Lowercase substrings of which the text must contain at least one for the pattern to match:
   * a cheap indexOf pre-check, so that a clean string never pays for compiling a regular expression
   * (compiling all of them cost ~4-8 ms per hook call, a third of Node's whole start-up).
   */
  triggers: readonly string[];
  /**
   * Lowercase substrings that must ALL be in the text too (e.g. "=" for NAME=value): with the
   * triggers, this keeps common words such as "key" or "token" in ordinary text from compiling
   * the larger patterns (~1 ms per hook call otherwise).
   */
  needs?: readonly string[];
}

/** Values after these names are secrets: `--password x`, `DB_PASSWORD=x`, `"api_key": "x"`. */
const SECRET_WORDS = 'password|passwd|passphrase|secret|token|api[_-]?key|access[_-]?key|private[_-]?key|client[_-]?secret|auth[_-]?token|credentials?';

/** Lowercase fragments of SECRET_WORDS: one of them is in any text those patterns can match. */
const WORD_TRIGGERS = ['password', 'passwd', 'passphrase', 'secret', 'token', 'key', 'credential'];

/** A shell-ish value: quoted, or up to the next space or shell operator. */
const VALUE = `(?:"[^"\\n]*"|'[^'\\n]*'|[^\\s"'&;|<>]+)`;

export const SECRET_PATTERNS: readonly SecretPattern[] = [
  // Key blocks first: they can contain anything. The block may be cut off (a capped string, or a
  // file read in part), so a BEGIN line without its END redacts to the end of the text.
  {
    kind: 'private_key',
    source: '-----BEGIN[A-Z0-9 ]*PRIVATE KEY(?: BLOCK)?-----[\\s\\S]*?(?:-----END[A-Z0-9 ]*PRIVATE KEY(?: BLOCK)?-----|$)',
    flags: '',
    keep: 0,
    triggers: ['-----begin'],
  },
  { kind: 'aws_access_key', source: '\\b(?:AKIA|ASIA|ABIA|ACCA|AGPA|AIDA|AIPA|AROA|ANPA|ANVA)[0-9A-Z]{16}\\b', flags: '', keep: 0, triggers: ['akia', 'asia', 'abia', 'acca', 'agpa', 'aida', 'aipa', 'aroa', 'anpa', 'anva'] },
  {
    kind: 'aws_secret_key',
    source: '(aws_?secret_?(?:access_?)?key["\']?\\s*[:=]\\s*["\']?)[A-Za-z0-9/+=]{40,}',
    flags: 'i',
    keep: 1,
    triggers: ['secret'], needs: ['aws'] },
  { kind: 'github_token', source: '\\b(?:ghp|gho|ghu|ghs|ghr)_[A-Za-z0-9]{36,}\\b', flags: '', keep: 0, triggers: ['ghp_', 'gho_', 'ghu_', 'ghs_', 'ghr_'] },
  { kind: 'github_token', source: '\\bgithub_pat_[A-Za-z0-9_]{22,}\\b', flags: '', keep: 0, triggers: ['github_pat_'] },
  { kind: 'gitlab_token', source: '\\bgl(?:pat|ptt|rt|dt|cbt|oas)-[A-Za-z0-9_-]{20,}', flags: '', keep: 0, triggers: ['glpat-', 'glptt-', 'glrt-', 'gldt-', 'glcbt-', 'gloas-'] },
  { kind: 'slack_token', source: '\\bxox[abposre]-[A-Za-z0-9-]{10,}', flags: '', keep: 0, triggers: ['xox'] },
  { kind: 'slack_webhook', source: 'https://hooks\\.slack\\.com/(?:services|workflows)/[A-Za-z0-9/_-]{8,}', flags: '', keep: 0, triggers: ['hooks.slack.com'] },
  { kind: 'anthropic_key', source: '\\bsk-ant-[A-Za-z0-9_-]{20,}', flags: '', keep: 0, triggers: ['sk-ant-'] },
  { kind: 'openai_key', source: '\\bsk-(?:proj|svcacct|admin)-[A-Za-z0-9_-]{20,}', flags: '', keep: 0, triggers: ['sk-'] },
  { kind: 'openai_key', source: '\\bsk-[A-Za-z0-9]{32,}\\b', flags: '', keep: 0, triggers: ['sk-'] },
  { kind: 'stripe_key', source: '\\b(?:sk|rk|pk)_(?:live|test)_[A-Za-z0-9]{16,}', flags: '', keep: 0, triggers: ['_live_', '_test_'] },
  { kind: 'stripe_key', source: '\\bwhsec_[A-Za-z0-9]{20,}', flags: '', keep: 0, triggers: ['whsec_'] },
  { kind: 'google_api_key', source: '\\bAIza[0-9A-Za-z_-]{35}', flags: '', keep: 0, triggers: ['aiza'] },
  { kind: 'google_oauth_token', source: '\\bya29\\.[0-9A-Za-z_-]{20,}', flags: '', keep: 0, triggers: ['ya29.'] },
  { kind: 'google_client_secret', source: '\\bGOCSPX-[A-Za-z0-9_-]{20,}', flags: '', keep: 0, triggers: ['gocspx-'] },
  { kind: 'npm_token', source: '\\bnpm_[A-Za-z0-9]{36}\\b', flags: '', keep: 0, triggers: ['npm_'] },
  { kind: 'huggingface_token', source: '\\bhf_[A-Za-z0-9]{34,}\\b', flags: '', keep: 0, triggers: ['hf_'] },
  { kind: 'jwt', source: '\\beyJ[A-Za-z0-9_-]{8,}\\.eyJ[A-Za-z0-9_-]{8,}\\.[A-Za-z0-9_-]*', flags: '', keep: 0, triggers: ['eyj'] },
  { kind: 'bearer_token', source: '(\\bbearer\\s+)[A-Za-z0-9._~+/-]{12,}=*', flags: 'i', keep: 1, triggers: ['bearer'] },
  { kind: 'basic_auth', source: '(\\bauthorization["\']?\\s*[:=]\\s*["\']?basic\\s+)[A-Za-z0-9+/]{8,}=*', flags: 'i', keep: 1, triggers: ['authorization'], needs: ['basic'] },
  // scheme://user:PASSWORD@host (postgres, mysql, mongodb+srv, redis, amqp, https…).
  { kind: 'url_password', source: '(\\b[a-z][a-z0-9+.-]*://[^\\s:/@"\'<>]*:)[^\\s@/"\'<>]+(@)', flags: 'i', keep: 2, triggers: ['://'], needs: ['@'] },
  // Command lines: --password x, --password=x, --token=x, --api-key x …
  { kind: 'cli_password', source: `(--(?:[a-z0-9]+-)*(?:${SECRET_WORDS})(?:=|\\s+))${VALUE}`, flags: 'i', keep: 1, triggers: WORD_TRIGGERS, needs: ['--'] },
  // mysql -pSECRET (attached: "-p secret" means "ask, and use database secret"), sshpass -p x.
  { kind: 'cli_password', source: '(\\b(?:mysql|mysqldump|mysqladmin|mariadb|mariadb-dump)\\b[^\\n|;&]*?\\s-p)[^\\s"\'-][^\\s"\']*', flags: '', keep: 1, triggers: ['mysql', 'mariadb'], needs: ['-p'] },
  { kind: 'cli_password', source: `(\\bsshpass\\s+(?:-[a-oq-zA-Z]\\S*\\s+)*-p\\s*)${VALUE}`, flags: '', keep: 1, triggers: ['sshpass'], needs: ['-p'] },
  // NAME_ENDING_IN_SECRET=value (env assignments, .env files, query strings: ?access_token=…).
  { kind: 'env_secret', source: `(\\b[A-Za-z0-9_]*(?:${SECRET_WORDS})\\s*=\\s*)${VALUE}`, flags: 'i', keep: 1, triggers: WORD_TRIGGERS, needs: ['='] },
  // "password": "value" inside text (JSON or YAML files read by a tool).
  { kind: 'json_secret', source: `("(?:[A-Za-z0-9_-]*[_-])?(?:${SECRET_WORDS})"\\s*:\\s*")[^"\\n]+(")`, flags: 'i', keep: 2, triggers: WORD_TRIGGERS, needs: ['"', ':'] },
  { kind: 'yaml_secret', source: `(^[ \\t]*[A-Za-z0-9_-]*(?:${SECRET_WORDS}):[ \\t]+)[^\\s#"'][^\\n]*`, flags: 'im', keep: 1, triggers: WORD_TRIGGERS, needs: [':'] },
];

/**
 * Object keys whose string values are secrets whatever they look like ({"password": "hunter2"}).
 * Matched against the key lowercased with `-` and `_` removed, on its ending:
 * "DB_PASSWORD", "apiKey", "access_token", "clientSecret".
 */
export const SECRET_KEY_ENDINGS: readonly string[] = [
  'password',
  'passwd',
  'passphrase',
  'secret',
  'token',
  'apikey',
  'accesskey',
  'privatekey',
  'credential',
  'credentials',
  'authorization',
  'cookie',
];

/** The marker that replaces a secret. */
export function redactionMarker(kind: string): string {
  return `[REDACTED:${kind}]`;
}

/**
 * The same redaction in DuckDB SQL, for ingest: nested `regexp_replace(…)` calls around `expr`.
 * Patterns are bound as SQL string literals with quotes doubled (the sources contain no
 * user data, so this is not interpolation of values). Flags become RE2 inline flags `(?im)`.
 */
export function sqlRedactionExpression(expr: string): string {
  let out = expr;
  for (const p of SECRET_PATTERNS) {
    const re2 = (p.flags ? `(?${p.flags})` : '') + p.source;
    const repl = p.keep === 0 ? redactionMarker(p.kind) : p.keep === 1 ? `\\1${redactionMarker(p.kind)}` : `\\1${redactionMarker(p.kind)}\\2`;
    const q = (s: string) => `'${s.replace(/'/g, "''")}'`;
    out = `regexp_replace(${out}, ${q(re2)}, ${q(repl)}, 'g')`;
  }
  return out;
}
