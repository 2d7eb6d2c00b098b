// Model-based property test of journal → warehouse (fast-check).
//
// Random interleavings of: hook appends (sizes up to 2 MB), bad lines, truncated last lines,
// rotations, segments copied twice (into the inbox), ingest runs with and without a grace period,
// and ingest runs SIGKILLed at a random moment or at a named crash point. After a final ingest:
//   the warehouse holds exactly the complete good lines written, once each;
//   raw_rejects holds the rest (every bad or truncated line, once per file it was in);
//   nothing else.
// Cases: AGENTDAG_PBT_RUNS (default 25, about 2-3 minutes on 2 cores); the count that ran is printed.
import * as fs from 'node:fs';
import * as path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CRASH_STAGES } from '../../ingest/crash';
import { envelopeLine, ingest, ingestAsync, query, sleep, tempHome } from './helpers';

const RUNS = Number(process.env.AGENTDAG_PBT_RUNS || 25);
const SEED = process.env.AGENTDAG_PBT_SEED ? Number(process.env.AGENTDAG_PBT_SEED) : undefined;

type BadKind = 'malformed' | 'utf8' | 'nul' | 'noid' | 'array';
type Op =
  | { op: 'append'; n: number; pad: number }
  | { op: 'bad'; kind: BadKind }
  | { op: 'truncate'; pad: number } // a partial last line, then the journal is rotated
  | { op: 'rotate' }
  | { op: 'copy'; pick: number } // a segment copied into the inbox (a journal copied twice)
  | { op: 'ingest'; grace: 0 | 60000 }
  | { op: 'kill'; delayMs: number }
  | { op: 'crash'; stage: number };

const padArb = fc.oneof({ weight: 8, arbitrary: fc.integer({ min: 0, max: 2000 }) }, { weight: 1, arbitrary: fc.integer({ min: 100_000, max: 2_000_000 }) });
const opArb: fc.Arbitrary<Op> = fc.oneof(
  { weight: 5, arbitrary: fc.record({ op: fc.constant('append' as const), n: fc.integer({ min: 1, max: 40 }), pad: padArb }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('bad' as const), kind: fc.constantFrom<BadKind>('malformed', 'utf8', 'nul', 'noid', 'array') }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('truncate' as const), pad: padArb }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('rotate' as const) }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('copy' as const), pick: fc.nat() }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('ingest' as const), grace: fc.constantFrom<0 | 60000>(0, 60000) }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('kill' as const), delayMs: fc.integer({ min: 0, max: 700 }) }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('crash' as const), stage: fc.nat({ max: CRASH_STAGES.length - 1 }) }) },
);

/** What the test wrote, and therefore what the warehouse must hold. */
class Oracle {
  goodIds = new Set<string>();
  /** Exact bytes (hex) of every line that must be in raw_rejects, one entry per file it sits in. */
  rejects: string[] = [];
  /** Bad complete lines by their bytes (hex), to classify lines of copied segments. */
  badLines = new Set<string>();
  private n = 0;

  constructor(readonly home: string) {}

  nextId(): string {
    return `e${this.n++}`;
  }

  badLine(kind: BadKind): Buffer {
    const tag = this.n++;
    const body: Record<BadKind, Buffer> = {
      malformed: Buffer.from(`{"v":1,"id":"m${tag}","payload":{"x": tru}}`),
      utf8: Buffer.concat([Buffer.from(`{"v":1,"id":"u${tag}","payload":"`), Buffer.from([0xc3, 0x28, 0xff]), Buffer.from('"}')]),
      nul: Buffer.concat([Buffer.from(`{"v":1,"id":"z${tag}"}`), Buffer.from([0, 0])]),
      noid: Buffer.from(`{"v":1,"payload":{"n":${tag}}}`),
      array: Buffer.from(`[${tag}]`),
    };
    return body[kind];
  }

  /** Lines of a copied file: good ones are already known; bad and partial ones are rejected again (another file). */
  copied(bytes: Buffer): void {
    let start = 0;
    for (;;) {
      const nl = bytes.indexOf(0x0a, start);
      if (nl < 0) break;
      const line = bytes.subarray(start, nl);
      if (this.badLines.has(line.toString('hex'))) this.rejects.push(line.toString('hex'));
      start = nl + 1;
    }
    if (start < bytes.length) this.rejects.push(bytes.subarray(start).toString('hex'));
  }
}

function segmentsDir(home: string): string {
  return path.join(home, 'journal');
}

let rotation = 0;
function rotateByTest(home: string): void {
  const journal = path.join(home, 'journal.jsonl');
  if (!fs.existsSync(journal)) return;
  fs.mkdirSync(segmentsDir(home), { recursive: true });
  // Named like ingest's own segments (sortable time stamp first).
  const stamp = new Date().toISOString().replace(/[-:.]/g, '');
  fs.renameSync(journal, path.join(segmentsDir(home), `${stamp}-t-${process.pid}-${rotation++}.jsonl`));
}

async function apply(o: Oracle, op: Op): Promise<void> {
  const home = o.home;
  const journal = path.join(home, 'journal.jsonl');
  switch (op.op) {
    case 'append':
      for (let i = 0; i < op.n; i++) {
        const id = o.nextId();
        // One appendFileSync per line, as the hook does.
        fs.appendFileSync(journal, envelopeLine(id, { pad: i === 0 ? op.pad : 20 }));
        o.goodIds.add(id);
      }
      return;
    case 'bad': {
      const line = o.badLine(op.kind);
      fs.appendFileSync(journal, Buffer.concat([line, Buffer.from('\n')]));
      o.badLines.add(line.toString('hex'));
      o.rejects.push(line.toString('hex'));
      return;
    }
    case 'truncate': {
      // A line cut short (no newline) as the last bytes of a segment.
      const full = envelopeLine(`t${o.nextId()}`, { pad: op.pad });
      const partial = Buffer.from(full.slice(0, Math.max(1, Math.floor(full.length / 2))));
      fs.appendFileSync(journal, partial);
      o.rejects.push(partial.toString('hex'));
      rotateByTest(home);
      return;
    }
    case 'rotate':
      rotateByTest(home);
      return;
    case 'copy': {
      let segs: string[] = [];
      try {
        segs = fs.readdirSync(segmentsDir(home)).filter((f) => f.endsWith('.jsonl')).sort();
      } catch {
        /* none yet */
      }
      if (segs.length === 0) return;
      const bytes = fs.readFileSync(path.join(segmentsDir(home), segs[op.pick % segs.length]));
      fs.mkdirSync(path.join(home, 'inbox'), { recursive: true });
      fs.writeFileSync(path.join(home, 'inbox', `copy-${rotation++}.jsonl`), bytes);
      o.copied(bytes);
      return;
    }
    case 'ingest': {
      const r = ingest(home, ['--quiet'], { AGENTDAG_SEGMENT_GRACE_MS: String(op.grace) });
      expect(r.code, r.stderr).toBe(0);
      return;
    }
    case 'kill': {
      const run = ingestAsync(home, ['--quiet'], { AGENTDAG_SEGMENT_GRACE_MS: '60000' });
      await sleep(op.delayMs);
      run.child.kill('SIGKILL');
      const r = await run.done;
      if (r.signal !== 'SIGKILL') expect(r.code, r.stderr).toBe(0);
      return;
    }
    case 'crash': {
      const r = ingest(home, ['--quiet'], { AGENTDAG_SEGMENT_GRACE_MS: '0', AGENTDAG_CRASH_AT: CRASH_STAGES[op.stage] });
      if (r.signal !== 'SIGKILL') expect(r.code, r.stderr).toBe(0);
      return;
    }
  }
}

async function check(o: Oracle): Promise<void> {
  // Final runs with no grace period: every partial line is now final, every segment retired.
  for (let i = 0; i < 2; i++) {
    const r = ingest(o.home, ['--quiet'], { AGENTDAG_SEGMENT_GRACE_MS: '0' });
    expect(r.code, r.stderr).toBe(0);
  }
  const ids = (await query(o.home, 'SELECT event_id FROM raw_hook_events')).map((r) => String(r.event_id));
  expect(ids.length).toBe(new Set(ids).size); // once each
  expect(new Set(ids)).toEqual(o.goodIds); // exactly the good lines
  const rejects = (await query(o.home, 'SELECT text, bytes FROM raw_rejects')).map((r) =>
    (r.bytes ? Buffer.from(r.bytes as Uint8Array) : Buffer.from(String(r.text))).toString('hex'),
  );
  expect(rejects.sort()).toEqual([...o.rejects].sort()); // the rest, and nothing else
  const left = fs.existsSync(segmentsDir(o.home)) ? fs.readdirSync(segmentsDir(o.home)).filter((f) => f.endsWith('.jsonl')) : [];
  expect(left).toEqual([]);
}

describe('journal → warehouse model', () => {
  it(`holds exactly the complete lines written, once each, and rejects the rest (${RUNS} cases)`, { timeout: 60 * 60 * 1000 }, async () => {
    let cases = 0;
    let ops = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(opArb, { minLength: 3, maxLength: 14 }), async (list) => {
        cases++;
        ops += list.length;
        const o = new Oracle(tempHome('pbt'));
        try {
          for (const op of list) await apply(o, op);
          await check(o);
        } finally {
          fs.rmSync(o.home, { recursive: true, force: true });
        }
      }),
      { numRuns: RUNS, seed: SEED, endOnFailure: false },
    );
    process.stdout.write(`journal model: ${cases} cases, ${ops} operations\n`);
    expect(cases).toBeGreaterThanOrEqual(RUNS);
  });
});
