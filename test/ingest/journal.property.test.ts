// Model-based property test of journal → warehouse (fast-check), through the real CLI.
//
// Random interleavings of: hook appends (sizes up to 2 MB), bad lines, truncated last lines,
// rotations, segments copied twice (into the inbox), ingest runs with and without a grace period,
// and ingest runs SIGKILLed at a random moment or at a named crash point. After a final ingest:
//   the warehouse holds exactly the complete good lines written, once each;
//   raw_rejects holds the rest (every bad or truncated line, once per file it was in);
//   nothing else; and every stored event's source_file + byte_offset points at its own line.
// Each case spawns several ingest processes (~3-6 s a case), so this file runs tens of cases; the
// same model runs thousands of cases in-process in journal.property-in-process.test.ts.
// Cases: AGENTDAG_PBT_RUNS (default 25, about 2-3 minutes on 2 cores); the count that ran is printed.
import { describe, expect, it } from 'vitest';
import { ingest, ingestAsync, query, sleep } from './helpers';
import { ALL_CRASH_STAGES, opsArb, rejectHex, runModel, storedEvent, type Ingester } from './journal-model';

const RUNS = Number(process.env.AGENTDAG_PBT_RUNS || 25);
const SEED = process.env.AGENTDAG_PBT_SEED ? Number(process.env.AGENTDAG_PBT_SEED) : undefined;

/** `agentdag ingest` as a child process, the way cron runs it (keeping segments, to check offsets against). */
function cliIngester(home: string): Ingester {
  return {
    async run(graceMs) {
      const r = ingest(home, ['--quiet', '--keep-segments'], { AGENTDAG_SEGMENT_GRACE_MS: String(graceMs) });
      expect(r.code, r.stderr).toBe(0);
    },
    async crashAt(stage) {
      const r = ingest(home, ['--quiet', '--keep-segments'], { AGENTDAG_SEGMENT_GRACE_MS: '0', AGENTDAG_CRASH_AT: stage });
      if (r.signal !== 'SIGKILL') expect(r.code, r.stderr).toBe(0);
    },
    async killAfter(delayMs) {
      const run = ingestAsync(home, ['--quiet', '--keep-segments'], { AGENTDAG_SEGMENT_GRACE_MS: '60000' });
      await sleep(delayMs);
      run.child.kill('SIGKILL');
      const r = await run.done;
      if (r.signal !== 'SIGKILL') expect(r.code, r.stderr).toBe(0);
    },
    async stored() {
      const events = (await query(home, 'SELECT event_id, source_file, byte_offset FROM raw_hook_events')).map(storedEvent);
      const rejects = (await query(home, 'SELECT text, bytes FROM raw_rejects')).map(rejectHex);
      return { events, rejects };
    },
  };
}

describe('journal → warehouse model (real processes)', () => {
  it(`holds exactly the complete lines written, once each, and rejects the rest (${RUNS} cases)`, { timeout: 60 * 60 * 1000 }, async () => {
    const arb = opsArb({ stages: ALL_CRASH_STAGES, kill: true, maxLength: 14 });
    const run = await runModel({ runs: RUNS, seed: SEED, arb, tag: 'pbt', ingester: cliIngester });
    process.stdout.write(`journal model (processes): ${run.cases} cases, ${run.operations} operations, ${run.crashes} kills, ${run.seconds} s\n`);
    expect(run.cases).toBeGreaterThanOrEqual(RUNS);
  });
});
