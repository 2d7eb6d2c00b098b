// The envelope's own helpers, property-tested in process (the hook runs them on every call).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { eventId, isoUtc } from '../../hooks/envelope';
import { capString } from '../../hooks/cap';

describe('envelope helpers', () => {
  it('isoUtc equals Date#toISOString for every time in years 1970-9999', () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: 253402300799999 }), (ms) => isoUtc(ms) === new Date(ms).toISOString()), { numRuns: 20000 });
  });

  it('event ids are unique and sort by time', () => {
    const ids = new Set<string>();
    for (let i = 0; i < 20000; i++) ids.add(eventId(1795443892123, 'vm', 4242));
    expect(ids.size).toBe(20000);
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 44 }), fc.integer({ min: 0, max: 2 ** 44 }), (a, b) => {
        const [x, y] = [eventId(a, 'h', 1), eventId(b, 'h', 1)];
        return a === b || (a < b) === (x.slice(0, 9) < y.slice(0, 9));
      }),
    );
  });

  it('a capped string keeps exactly the prefix and never splits a surrogate pair', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', minLength: 0, maxLength: 400 }), fc.integer({ min: 1, max: 300 }), (s, max) => {
        const out = capString(s, max);
        const kept = out.slice(0, out.lastIndexOf('…[agentdag: cut, '));
        expect(s.startsWith(kept)).toBe(true);
        expect(kept.length >= Math.min(max, s.length) - 1).toBe(true);
        expect(Buffer.from(kept, 'utf8').toString('utf8')).toBe(kept); // no lone surrogate
        expect(out.endsWith(`…[agentdag: cut, ${s.length} chars]`)).toBe(true);
      }),
    );
  });
});
