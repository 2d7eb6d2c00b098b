// Redaction edges found in issue 13, part 2: patterns that took quadratic time on a long word (a
// 200,000-letter payload took 55 s in the hook and a 3 MiB torn journal line hung ingest), and a
// secret just after a JSON-escaped newline in a rejected line (not at a word boundary as text).
import { describe, expect, it } from 'vitest';
import { redactText } from '../../core/redact';
import { redactRejectBytes, redactRejectText } from '../../ingest/reject-redact';

/** Milliseconds `fn` takes. */
function time(fn: () => void): number {
  const start = performance.now();
  fn();
  return performance.now() - start;
}

describe('redaction in linear time', () => {
  // Each a shape that made one pattern backtrack over the whole text (pgpass host, url_password scheme).
  const shapes: [string, (n: number) => string][] = [
    ['a long word after a quote', (n) => '{"payload":"' + 'y'.repeat(n)],
    ['a long dotted text with :// and @', (n) => 'https://a@b ' + 'a.'.repeat(n / 2)],
  ];
  it.each(shapes)('%s: 8× the text takes at most ~8× the time (and under 3 s)', (_name, make) => {
    redactText(make(1000)); // compile the patterns
    const small = time(() => redactText(make(10_000)));
    const large = time(() => redactText(make(80_000)));
    expect(large).toBeLessThan(3000);
    // Quadratic would be ×64; allow noise on a shared machine.
    expect(large).toBeLessThan(Math.max(24 * small, 200));
  });
});

describe('rejected lines are redacted whatever their shape', () => {
  const basic = 'dXNlcjpodW50ZXIyaHVudGVyMg==';
  it('a torn JSON line: a secret right after an escaped newline', () => {
    const torn = `{"v":1,"payload":"curl https://x\\nAuthorization: Basic ${basic}\\nmore`;
    const out = redactRejectText(torn);
    expect(out).not.toContain(basic);
    expect(out).toContain('\\nmore'); // the escapes around it are kept as they were
    expect(out.startsWith('{"v":1,"payload":"curl https://x\\n')).toBe(true);
  });

  it('a JSON line (a bad field, a repeated id): a private key spread over sibling strings loses its body', () => {
    const line = JSON.stringify({ v: 1, id: 'x', ts: 'infinity', lines: ['-----BEGIN RSA PRIVATE KEY-----', 'MIIEpAIBAAKCAQEA1234567890abcdefXYZ', '-----END RSA PRIVATE KEY-----', 'after'] });
    const out = redactRejectText(line);
    expect(out).not.toContain('MIIEpAIBAAKCAQEA1234567890abcdefXYZ');
    expect(JSON.parse(out).lines[3]).toBe('after');
  });

  it('bytes that are not UTF-8 keep every byte around the secret', () => {
    const bytes = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(` Authorization: Basic ${basic} `), Buffer.from([0xc3])]);
    const out = redactRejectBytes(bytes);
    expect(out.toString('latin1')).not.toContain(basic);
    expect([...out.subarray(0, 2)]).toEqual([0xff, 0xfe]);
    expect(out[out.length - 1]).toBe(0xc3);
  });
});
