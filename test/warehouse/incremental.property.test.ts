// Incremental = full rebuild, on random batch sequences (slow tier; the fast tier runs a few cases:
// incremental-quick.test.ts). Cases: AGENTDAG_PBT_INCREMENTAL_RUNS (default 30).
import * as fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { opsArb, runOps } from './incremental-model';

const RUNS = Number(process.env.AGENTDAG_PBT_INCREMENTAL_RUNS || 30);
const SEED = process.env.AGENTDAG_PBT_SEED ? Number(process.env.AGENTDAG_PBT_SEED) : undefined;

describe('incremental model build', () => {
  it('leaves the same warehouse as a full rebuild, table for table, whatever batches arrive', async () => {
    let builds = 0;
    await fc.assert(
      fc.asyncProperty(opsArb(12), async (ops) => {
        const r = await runOps(ops);
        builds += r.builds;
        expect(r.incremental).toEqual(r.full);
      }),
      { numRuns: RUNS, seed: SEED, endOnFailure: true },
    );
    process.stdout.write(`incremental model build: ${RUNS} cases, ${builds} builds\n`);
  }, 3_600_000);
});
