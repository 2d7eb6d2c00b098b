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
  flags: '' | 'i' | 'm' | 'im';
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

/** Like VALUE, but holding a colon: `user:password`. */
const COLON_VALUE = `(?:"[^"\\n]*:[^"\\n]*"|'[^'\\n]*:[^'\\n]*'|[^\\s"'&;|<>:]*:[^\\s"'&;|<>]+)`;

/** The text between a secret's name and its value: `: `, `=`, `": "`. */
const ASSIGN = `["']?\\s*[:=]\\s*["']?`;

/** Base64 of "PRIVATE KEY" at each of the three byte alignments (the characters that do not depend on neighbours). */
const B64_PRIVATE_KEY = '(?:UFJJVkFURSBLRV|BSSVZBVEUgS0VZ|QUklWQVRFIEtFW)';

export const SECRET_PATTERNS: readonly SecretPattern[] = [
  // Key blocks first: they can contain anything. The block may be cut off (a capped string, or a
  // file read in part), so a BEGIN line without its END redacts to the end of the text. (A block
  // spread over several strings, one per line, is core/redact-tree.ts's business.)
  {
    kind: 'private_key',
    source: '-----BEGIN[A-Z0-9 ]*PRIVATE KEY(?: BLOCK)?-----[\\s\\S]*?(?:-----END[A-Z0-9 ]*PRIVATE KEY(?: BLOCK)?-----|$)',
    flags: '',
    keep: 0,
    triggers: ['-----begin'],
  },
  // The same block base64-encoded (Kubernetes secrets, CI variables): "-----BEGIN " is LS0tLS1CRUdJTi,
  // then "PRIVATE KEY" within the next 40 characters; `base64` wraps lines at 76.
  {
    kind: 'private_key',
    source: `LS0tLS1CRUdJTi[A-Za-z0-9+/]{0,40}?${B64_PRIVATE_KEY}[A-Za-z0-9+/=]*(?:\\r?\\n[A-Za-z0-9+/=]+)*`,
    flags: '',
    keep: 0,
    triggers: ['ls0tls1crudjti'],
  },
  { kind: 'aws_access_key', source: '\\b(?:AKIA|ASIA|ABIA|ACCA|AGPA|AIDA|AIPA|AROA|ANPA|ANVA)[0-9A-Z]{16}\\b', flags: '', keep: 0, triggers: ['akia', 'asia', 'abia', 'acca', 'agpa', 'aida', 'aipa', 'aroa', 'anpa', 'anva'] },
  {
    kind: 'aws_secret_key',
    source: '(aws_?secret_?(?:access_?)?key["\']?\\s*[:=]\\s*["\']?)[A-Za-z0-9/+=]{40,}',
    flags: 'i',
    keep: 1,
    triggers: ['secret'], needs: ['aws'] },
  // Azure storage / Service Bus connection strings (AccountKey=…;) and SAS URLs (…&sig=…).
  { kind: 'azure_key', source: '(\\b(?:AccountKey|SharedAccessKey|SharedAccessSignature)\\s*=\\s*)[^;\\s"\'<>]+', flags: 'i', keep: 1, triggers: ['accountkey', 'sharedaccess'] },
  { kind: 'azure_sas', source: '([?&]sig=)[^&\\s"\'<>#]+', flags: '', keep: 1, triggers: ['sig='] },
  { kind: 'github_token', source: '\\b(?:ghp|gho|ghu|ghs|ghr)_[A-Za-z0-9]{36,}\\b', flags: '', keep: 0, triggers: ['ghp_', 'gho_', 'ghu_', 'ghs_', 'ghr_'] },
  { kind: 'github_token', source: '\\bgithub_pat_[A-Za-z0-9_]{22,}\\b', flags: '', keep: 0, triggers: ['github_pat_'] },
  { kind: 'gitlab_token', source: '\\bgl(?:pat|ptt|rt|dt|cbt|oas)-[A-Za-z0-9_-]{20,}', flags: '', keep: 0, triggers: ['glpat-', 'glptt-', 'glrt-', 'gldt-', 'glcbt-', 'gloas-'] },
  { kind: 'slack_token', source: '\\bxox[abposre]-[A-Za-z0-9-]{10,}', flags: '', keep: 0, triggers: ['xox'] },
  { kind: 'slack_webhook', source: 'https://hooks\\.slack\\.com/(?:services|workflows)/[A-Za-z0-9/_-]{8,}', flags: '', keep: 0, triggers: ['hooks.slack.com'] },
  { kind: 'discord_webhook', source: 'https://(?:(?:canary|ptb)\\.)?discord(?:app)?\\.com/api/webhooks/[0-9]+/[A-Za-z0-9_-]+', flags: 'i', keep: 0, triggers: ['/api/webhooks/'] },
  { kind: 'sendgrid_key', source: '\\bSG\\.[A-Za-z0-9_-]{16,32}\\.[A-Za-z0-9_-]{16,64}', flags: '', keep: 0, triggers: ['sg.'] },
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
  // Any other scheme: "Authorization: Token abc", "authorization=ApiKey abc", GitHub's "token ghp_…".
  { kind: 'auth_header', source: `(\\bauthorization${ASSIGN}[A-Za-z][A-Za-z0-9_-]*[ \\t]+)[^\\s"'\\[]{6,}`, flags: 'i', keep: 1, triggers: ['authorization'] },
  // Header-style names: "X-API-Key: abc", "X-Auth-Token: abc", "x-vault-token=abc".
  { kind: 'auth_header', source: `(\\bx-[A-Za-z0-9-]*(?:key|token|secret|password|auth)${ASSIGN})[^\\s"'\\[]{6,}`, flags: 'i', keep: 1, triggers: ['key', 'token', 'secret', 'password', 'auth'], needs: ['x-'] },
  // Cookie and Set-Cookie headers: the whole value (every cookie, to the end of the line or quote).
  { kind: 'cookie', source: `(\\b(?:set-)?cookie["']?\\s*:\\s*["']?)[^\\s"'][^\\n"']*`, flags: 'i', keep: 1, triggers: ['cookie'], needs: [':'] },
  // scheme://user:PASSWORD@host (postgres, mysql, mongodb+srv, redis, amqp, https…).
  // The scheme is bounded ({0,31}): unbounded, every word start of a long dotted text (a.b.c…) was
  // scanned to its end, quadratic time.
  { kind: 'url_password', source: '(\\b[a-z][a-z0-9+.-]{0,31}://[^\\s:/@"\'<>]*:)[^\\s@/"\'<>]+(@)', flags: 'i', keep: 2, triggers: ['://'], needs: ['@'] },
  // Command lines: --password x, --password=x, --token=x, --api-key x …
  { kind: 'cli_password', source: `(--(?:[a-z0-9]+-)*(?:${SECRET_WORDS})(?:=|\\s+))${VALUE}`, flags: 'i', keep: 1, triggers: WORD_TRIGGERS, needs: ['--'] },
  // mysql -pSECRET (attached: "-p secret" means "ask, and use database secret"), sshpass -p x.
  { kind: 'cli_password', source: '(\\b(?:mysql|mysqldump|mysqladmin|mariadb|mariadb-dump)\\b[^\\n|;&]*?\\s-p)[^\\s"\'-][^\\s"\']*', flags: '', keep: 1, triggers: ['mysql', 'mariadb'], needs: ['-p'] },
  { kind: 'cli_password', source: `(\\bsshpass\\s+(?:-[a-oq-zA-Z]\\S*\\s+)*-p\\s*)${VALUE}`, flags: '', keep: 1, triggers: ['sshpass'], needs: ['-p'] },
  // docker/podman login -p x (the password follows -p, attached or not).
  { kind: 'cli_password', source: `(\\b(?:docker|podman|nerdctl)\\s+login\\b[^\\n|;&]*?\\s-p\\s*)${VALUE}`, flags: '', keep: 1, triggers: ['login'], needs: ['-p'] },
  // curl -u user:pass, --user user:pass (a value with a colon: -u alone makes curl prompt).
  { kind: 'cli_password', source: `(\\bcurl\\b[^\\n|;&]*?\\s(?:-u|--user)(?:=|\\s*))${COLON_VALUE}`, flags: '', keep: 1, triggers: ['curl'], needs: ['-u', ':'] },
  // NAME_ENDING_IN_SECRET=value (env assignments, .env files, query strings: ?access_token=…).
  { kind: 'env_secret', source: `(\\b[A-Za-z0-9_]*(?:${SECRET_WORDS})\\s*=\\s*)${VALUE}`, flags: 'i', keep: 1, triggers: WORD_TRIGGERS, needs: ['='] },
  // DB_PASS=x, SMTP_PASS=x, pass=x; MYSQL_PWD=x (but not PWD=, the working directory).
  { kind: 'env_secret', source: `(\\b(?:[A-Za-z0-9]+_)*PASS\\s*=\\s*|\\b(?:[A-Za-z0-9]+_)+PWD\\s*=\\s*)${VALUE}`, flags: 'i', keep: 1, triggers: ['pass', '_pwd'], needs: ['='] },
  // "password": "value" inside text (JSON or YAML files read by a tool); Docker's config.json "auth".
  { kind: 'json_secret', source: `("(?:[A-Za-z0-9_-]*[_-])?(?:${SECRET_WORDS})"\\s*:\\s*")[^"\\n]+(")`, flags: 'i', keep: 2, triggers: WORD_TRIGGERS, needs: ['"', ':'] },
  { kind: 'json_secret', source: '("auth"\\s*:\\s*")[A-Za-z0-9+/=]{8,}(")', flags: 'i', keep: 2, triggers: ['"auth"'] },
  { kind: 'yaml_secret', source: `(^[ \\t]*[A-Za-z0-9_-]*(?:${SECRET_WORDS}):[ \\t]+)[^\\s#"'][^\\n]*`, flags: 'im', keep: 1, triggers: WORD_TRIGGERS, needs: [':'] },
  // ~/.netrc: "machine HOST login USER password PASS" (on one line or several).
  { kind: 'netrc_password', source: '(\\b(?:machine[ \\t\\r\\n]+[^\\s]+|default)(?:[ \\t\\r\\n]+(?:login|account|port)[ \\t\\r\\n]+[^\\s]+)*[ \\t\\r\\n]+password[ \\t\\r\\n]+)[^\\s]+', flags: '', keep: 1, triggers: ['machine', 'default'], needs: ['password'] },
  // ~/.pgpass: host:port:database:user:password (a host has a letter or a dot, or is *; the port is a number or *).
  // The host is written [0-9_-]*[A-Za-z.][…]*, one way to split it: [A-Za-z0-9._-]*[A-Za-z.][…]* took
  // quadratic time on a long word (87 s for a 200,000-letter payload, measured).
  { kind: 'pgpass', source: `((?:^|[\\s'"=>])(?:\\*|[0-9_-]*[A-Za-z.][A-Za-z0-9._-]*):(?:[0-9]{1,5}|\\*):[^:\\s'"]+:[^:\\s'"]+:)[^\\s'"]+`, flags: '', keep: 1, triggers: [':'], needs: [':'] },
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
