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

/** Throws (with the fix) when the bind would expose the dashboard without a token. */
export function checkBindPolicy(host: string, token: string | undefined): void {
  if (isLoopbackHost(host)) return;
  if (!token) {
    throw new UserError(
      `refusing to serve on ${host} without a token: anyone who can reach that address could read your sessions`,
      `add --token <secret> (clients then send "Authorization: Bearer <secret>" or ?token=<secret>), or keep the default --host 127.0.0.1`,
      2,
    );
  }
  if (token.length < 16) {
    throw new UserError('the --token is too short to protect a non-loopback bind', 'use at least 16 random characters, e.g. $(openssl rand -hex 16)', 2);
  }
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
    if (k === TOKEN_COOKIE) return decodeURIComponent(v.join('='));
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
