// The all-history tool-sequence report (v_tool_sequence_ngrams) ranks agg_ngram_totals, sums that
// incremental builds keep up to date by adding the touched sessions' n-grams and subtracting what
// they were. After a sequence of incremental builds (late events of a built session included), its
// rows must equal the same report computed straight from every session's n-grams
// (agg_session_ngrams), as rpt_tool_ngrams computes a window. (incremental.property.test.ts checks
// the totals against a full rebuild too.)
import { DuckDBInstance } from '@duckdb/node-api';
import { describe, expect, it } from 'vitest';
import { runOps, type Op } from './incremental-model';
import { ngramsByDefinition } from './ngram-reference';

const FROM_EVERY_SESSION = ngramsByDefinition();

const FROM_TOTALS = `
  SELECT sequence, steps, CAST(occurrences AS BIGINT) AS occurrences, sessions, pct_of_sessions
  FROM v_tool_sequence_ngrams ORDER BY occurrences DESC, steps DESC, sequence`;

describe('v_tool_sequence_ngrams from sums kept by incremental builds', () => {
  it('equals the sums over every session after incremental builds, late events included', async () => {
    // The same scripted runs under two Claude Code versions (0 and 11, 7 and 18) share sequences
    // across sessions, so the report has rows (it keeps sequences seen at least twice).
    const ops: Op[] = [
      { kind: 'hooks', fx: 0, n: 20 },
      { kind: 'transcripts', fx: 7, part: 1 },
      { kind: 'ingest', build: true },
      { kind: 'hooks', fx: 11, n: 200 },
      { kind: 'ingest', build: true },
      { kind: 'transcripts', fx: 18, part: 1 },
      { kind: 'hooks', fx: 0, n: 200 }, // late events of a built session: its old n-grams are replaced
    ];
    let checked = 0;
    const r = await runOps(ops, async (file) => {
      const inst = await DuckDBInstance.create(file, { access_mode: 'READ_ONLY' });
      const conn = await inst.connect();
      try {
        const expected = (await conn.runAndReadAll(FROM_EVERY_SESSION)).getRowObjectsJson();
        const got = (await conn.runAndReadAll(FROM_TOTALS)).getRowObjectsJson();
        expect(expected.length).toBeGreaterThan(0);
        expect(got).toEqual(expected);
        checked = got.length;
      } finally {
        conn.closeSync();
        inst.closeSync();
      }
    });
    expect(checked).toBeGreaterThan(0);
    expect(r.incremental.agg_ngram_totals).toEqual(r.full.agg_ngram_totals);
    expect(r.builds).toBeGreaterThan(2);
  }, 300_000);
});
