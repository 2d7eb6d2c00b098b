// A few cases of incremental.property.test.ts in the fast tier (fixed seed): an incremental build
// over new sessions, late events, duplicates, transcripts arriving after their hooks, a forked
// session and task-graph work equals a full rebuild, table for table.
import * as fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { opsArb, runOps, type Op } from './incremental-model';

describe('incremental model build (quick)', () => {
  it('equals a full rebuild after hooks, then late hooks, duplicates, transcripts of built sessions, a fork and task-graph work', async () => {
    const ops: Op[] = [
      { kind: 'hooks', fx: 0, n: 30 },
      { kind: 'hooks', fx: 12, n: 25 },
      { kind: 'tasks', fx: 0, n: 2 },
      { kind: 'ingest', build: true },
      { kind: 'tasks', fx: 12, n: 3 }, // task-graph work alone: the task-graph marts are rebuilt, the sessions' tables kept
      { kind: 'ingest', build: true },
      { kind: 'hooks', fx: 0, n: 200 }, // the rest of session 0: late events
      { kind: 'duplicates', fx: 12, n: 10 },
      { kind: 'transcripts', fx: 0, part: 0.6 },
      { kind: 'ingest', build: false }, // loaded, not built (a crash before the build)
      { kind: 'transcripts', fx: 0, part: 1 },
      { kind: 'transcripts', fx: 12, part: 1 },
      { kind: 'ingest', build: true },
      { kind: 'fork', fx: 0 }, // a forked session repeating session 0's messages, one with a larger usage
      { kind: 'hooks', fx: 5, n: 200 },
      { kind: 'tasks', fx: 5, n: 1 },
    ];
    const r = await runOps(ops);
    expect(Object.values(r.incremental).reduce((n, rows) => n + rows.length, 0)).toBeGreaterThan(100);
    expect(r.incremental).toEqual(r.full);
  }, 300_000);

  it('equals a full rebuild on two random batch sequences', async () => {
    await fc.assert(
      fc.asyncProperty(opsArb(8), async (ops) => {
        const r = await runOps(ops);
        expect(r.incremental).toEqual(r.full);
      }),
      { numRuns: 2, seed: 42, endOnFailure: true },
    );
  }, 300_000);
});
