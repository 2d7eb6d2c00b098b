// The journal stage on a 1M-line segment (slow tier): DuckDB's parallel read keeps every row
// paired with its own line's byte offset.
import { describe, expect, it } from 'vitest';
import { appendJournal, ingestJson, query, tempHome } from './helpers';

const NO_GRACE = { AGENTDAG_SEGMENT_GRACE_MS: '0' };

describe('agentdag ingest: a large journal', () => {
  it('gives every row the byte offset of its own line when DuckDB reads a big segment in parallel', async () => {
    // The loader pairs row i of a parallel read_json with offset i of the JS newline scan, which
    // holds only while DuckDB keeps insertion order. 1M short lines of varying length: with
    // preserve_insertion_order off, DuckDB misplaces every row of this file (checked); 800k
    // lines stay in order even then, so fewer would not test the pairing.
    const home = tempHome();
    const n = 1_000_000;
    const lines: string[] = [];
    for (let i = 0; i < n; i++) lines.push(JSON.stringify({ v: 1, id: `p-${i}`, event: 'PostToolUse', payload: { c: 'x'.repeat((i * 7919) % 13) } }));
    const journal = Buffer.from(lines.join('\n') + '\n');
    appendJournal(home, journal);
    expect(ingestJson(home, [], NO_GRACE)).toMatchObject({ events_new: n, rejected: 0 });
    const rows = await query(home, 'SELECT event_id, byte_offset FROM raw_hook_events');
    expect(rows).toHaveLength(n);
    const misplaced = rows.filter((r) => {
      const head = journal.toString('utf8', Number(r.byte_offset), Number(r.byte_offset) + 30);
      return !head.startsWith(`{"v":1,"id":${JSON.stringify(r.event_id)},`);
    });
    expect(misplaced.length, JSON.stringify(misplaced.slice(0, 3))).toBe(0);
  }, 60_000);
});
