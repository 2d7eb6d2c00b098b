// Who may talk to `agentdag serve`: the data can hold commands, file paths and costs, so the
// server binds to loopback by default and refuses any other address unless a token is set.
import * as crypto from 'node:crypto';
import * as net from 'node:net';
import { UserError } from '../core/errors';

export function isLoopbackHost(host: string): boolean {
  const h = host.replace(/^\[|\]$/g, '').toLowerCase();
  if (h === 'localhost') return true;
  if (net.isIPv4(h)) return h.startsWith('127.');
  if (net.isIPv6(h)) return h === '::1' || h.startsWith('::ffff:127.');
  return false;
}

/** Where a token comes from, and how to give a better one: never the command line (every local user sees it in `ps`). */
export const TOKEN_FIX =
  'put a random token in the environment or a file: AGENTDAG_SERVE_TOKEN=$(openssl rand -hex 32) agentdag serve …, or openssl rand -hex 32 > ~/.agentdag-token && chmod 600 ~/.agentdag-token && agentdag serve --token-file ~/.agentdag-token (clients send "Authorization: Bearer <token>" or open ?token=<token> once)';

/** Bits a token of this length would hold if its characters were drawn as they occur in it (Shannon). */
function estimatedBits(token: string): number {
  const counts = new Map<string, number>();
  for (const c of token) counts.set(c, (counts.get(c) ?? 0) + 1);
  const n = [...token].length;
  let perChar = 0;
  for (const k of counts.values()) perChar -= (k / n) * Math.log2(k / n);
  return perChar * n;
}

/**
 * Why a token is too weak to guard the data, or null. 16+ characters, no whitespace or control
 * characters (a stray newline or 16 spaces), and ~64 bits by the characters' spread: `openssl rand
 * -hex 32` gives ~118, "1234567890123456" 52, "aaaaaaaaaaaaaaaa" 0.
 */
export function tokenWeakness(token: string): string | null {
  if (/[\s\u0000-\u001f\u007f]/.test(token)) return 'it contains whitespace or control characters';
  if ([...token].length < 16) return `it is ${[...token].length} characters long; at least 16 are needed`;
  const bits = estimatedBits(token);
  if (bits < 64) return `it repeats too few characters to be guessed slowly (about ${Math.round(bits)} bits; at least 64 are needed)`;
  return null;
}

/** Throws (with the fix) when the token is weak, or the bind would expose the dashboard without one. */
export function checkBindPolicy(host: string, token: string | undefined): void {
  if (token !== undefined) {
    const weak = tokenWeakness(token);
    if (weak) throw new UserError(`the serve token is too weak: ${weak}`, TOKEN_FIX, 2);
  }
  if (isLoopbackHost(host) || token) return;
  throw new UserError(
    `refusing to serve on ${host} without a token: anyone who can reach that address could read your sessions`,
    `${TOKEN_FIX}; or keep the default --host 127.0.0.1`,
    2,
  );
}

/** Constant-time comparison, so response timing does not leak the token prefix by prefix. */
export function tokenMatches(expected: string, given: string | null | undefined): boolean {
  if (!given) return false;
  const a = crypto.createHash('sha256').update(expected).digest();
  const b = crypto.createHash('sha256').update(given).digest();
  return crypto.timingSafeEqual(a, b);
}

export const TOKEN_COOKIE = 'agentdag_token';

/**
 * The token a request presents: a Bearer header, ?token= (EventSource cannot set headers), or
 * the cookie the server sets when the page is opened with ?token= (so the page's own script,
 * style and data requests carry it).
 */
export function presentedToken(authorization: string | undefined, url: URL, cookie?: string): string | null {
  const m = /^Bearer\s+(.+)$/i.exec(authorization ?? '');
  if (m) return m[1].trim();
  const q = url.searchParams.get('token');
  if (q) return q;
  for (const part of (cookie ?? '').split(';')) {
    const [k, ...v] = part.trim().split('=');
    if (k !== TOKEN_COOKIE) continue;
    try {
      return decodeURIComponent(v.join('='));
    } catch {
      return null; // a malformed % escape is no token
    }
  }
  return null;
}

/**
 * DNS-rebinding guard for the tokenless loopback server: a web page on evil.example that
 * resolves its name to 127.0.0.1 sends `Host: evil.example`; only loopback names are served.
 */
export function hostHeaderAllowed(hostHeader: string | undefined): boolean {
  if (!hostHeader) return false;
  const name = hostHeader.startsWith('[') ? hostHeader.slice(0, hostHeader.indexOf(']') + 1) : hostHeader.split(':')[0];
  return isLoopbackHost(name);
}
