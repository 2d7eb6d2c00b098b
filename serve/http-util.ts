// Small helpers for the read-only HTTP server (node:http, no framework: six GET routes).
import type * as http from 'node:http';

export class HttpError extends Error {
  constructor(readonly status: number, message: string, readonly fix?: string) {
    super(message);
  }
}

const SECURITY_HEADERS = {
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'cache-control': 'no-store',
};

export function sendJson(res: http.ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { ...SECURITY_HEADERS, 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

export function sendError(res: http.ServerResponse, status: number, message: string, fix?: string): void {
  sendJson(res, status, { error: message, fix: fix ?? null });
}

export function sendFile(res: http.ServerResponse, body: Buffer, contentType: string, status = 200): void {
  res.writeHead(status, {
    ...SECURITY_HEADERS,
    'content-type': contentType,
    'content-length': body.length,
    // Everything is served from this origin: no CDN, no inline script.
    'content-security-policy': "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; connect-src 'self'",
  });
  res.end(body);
}

/** An integer query parameter within [min, max], or the default; anything else is a 400. */
export function intParam(url: URL, name: string, def: number, min: number, max: number): number {
  const raw = url.searchParams.get(name);
  if (raw === null || raw === '') return def;
  if (!/^-?\d+$/.test(raw)) throw new HttpError(400, `${name} must be an integer, got ${JSON.stringify(raw)}`, `use e.g. ?${name}=${def}`);
  const n = Number(raw);
  if (n < min || n > max) throw new HttpError(400, `${name} must be between ${min} and ${max}, got ${n}`, `use e.g. ?${name}=${def}`);
  return n;
}
