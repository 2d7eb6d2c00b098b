// The model behind the journal → warehouse property tests: random operations on a data dir (hook
// appends up to 2 MB, bad lines, truncated last lines, rotations, segments copied twice, ingest
// runs, crashes), an oracle of what must end up stored, and the final check. Two test files drive
// it through different ingesters:
//   journal.property.test.ts             the real CLI as a child process, SIGKILLed at random moments
//                                        and at named crash points (tens of cases: ~3-6 s each);
//   journal.property-in-process.test.ts  the journal stage called in-process on one connection, a
//                                        crash point throwing instead of killing (thousands of cases).
import * as fs from 'node:fs';
import * as path from 'node:path';
import fc from 'fast-check';
import { expect } from 'vitest';
import { CRASH_STAGES, type CrashStage } from '../../core/crash';
import { envelopeLine, tempHome } from './helpers';

export type BadKind = 'malformed' | 'utf8' | 'nul' | 'noid' | 'array';
export type Op =
  | { op: 'append'; n: number; pad: number }
  | { op: 'bad'; kind: BadKind }
  | { op: 'truncate'; pad: number } // a partial last line, then the journal is rotated
  | { op: 'rotate' }
  | { op: 'copy'; pick: number } // a segment copied into the inbox (a journal copied twice)
  | { op: 'ingest'; grace: 0 | 60000 }
  | { op: 'kill'; delayMs: number }
  | { op: 'crash'; stage: CrashStage };

/** What an ingest means to the model; each test file brings its own. */
export interface Ingester {
  /** One whole run, with this segment grace period. */
  run(graceMs: number): Promise<void>;
  /** A run that dies when it reaches `stage` (grace 0, so every stage can be reached). */
  crashAt(stage: CrashStage): Promise<void>;
  /** A run killed after `delayMs` (grace 60 s): only a real process can do this. */
  killAfter?(delayMs: number): Promise<void>;
  /** raw_hook_events rows, and raw_rejects' lines (exact bytes, hex). Runs keep segments (journal/archive/). */
  stored(): Promise<{ events: StoredEvent[]; rejects: string[] }>;
}

/** Where raw_hook_events says an event came from. */
export interface StoredEvent {
  id: string;
  /** source_file: a segment name, kept in journal/archive/ (the ingesters keep segments). */
  source: string;
  offset: number;
}

const padArb = fc.oneof({ weight: 8, arbitrary: fc.integer({ min: 0, max: 2000 }) }, { weight: 1, arbitrary: fc.integer({ min: 100_000, max: 2_000_000 }) });

/** Operation lists; `stages` are the crash points the ingester can reach, `kill` whether it can be killed at a random moment. */
export function opsArb(opts: { stages: readonly CrashStage[]; kill: boolean; maxLength: number }): fc.Arbitrary<Op[]> {
  const ops: fc.WeightedArbitrary<Op>[] = [
    { weight: 5, arbitrary: fc.record({ op: fc.constant('append' as const), n: fc.integer({ min: 1, max: 40 }), pad: padArb }) },
    { weight: 2, arbitrary: fc.record({ op: fc.constant('bad' as const), kind: fc.constantFrom<BadKind>('malformed', 'utf8', 'nul', 'noid', 'array') }) },
    { weight: 1, arbitrary: fc.record({ op: fc.constant('truncate' as const), pad: padArb }) },
    { weight: 1, arbitrary: fc.record({ op: fc.constant('rotate' as const) }) },
    { weight: 1, arbitrary: fc.record({ op: fc.constant('copy' as const), pick: fc.nat() }) },
    { weight: 2, arbitrary: fc.record({ op: fc.constant('ingest' as const), grace: fc.constantFrom<0 | 60000>(0, 60000) }) },
    { weight: 1, arbitrary: fc.record({ op: fc.constant('crash' as const), stage: fc.constantFrom(...opts.stages) }) },
  ];
  if (opts.kill) ops.push({ weight: 2, arbitrary: fc.record({ op: fc.constant('kill' as const), delayMs: fc.integer({ min: 0, max: 700 }) }) });
  return fc.array(fc.oneof(...ops), { minLength: 3, maxLength: opts.maxLength });
}

export const ALL_CRASH_STAGES: readonly CrashStage[] = CRASH_STAGES;

/** What the test wrote, and therefore what the warehouse must hold. */
export class Oracle {
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

export async function apply(o: Oracle, op: Op, ingester: Ingester): Promise<void> {
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
    case 'ingest':
      return ingester.run(op.grace);
    case 'kill':
      if (!ingester.killAfter) throw new Error('this ingester cannot be killed at a random moment');
      return ingester.killAfter(op.delayMs);
    case 'crash':
      return ingester.crashAt(op.stage);
  }
}

/** Two final runs with no grace period (every partial line is final, every segment retired), then the invariant. */
export async function check(o: Oracle, ingester: Ingester): Promise<void> {
  for (let i = 0; i < 2; i++) await ingester.run(0);
  const { events, rejects } = await ingester.stored();
  const ids = events.map((e) => e.id);
  expect(ids.length).toBe(new Set(ids).size); // once each
  expect(new Set(ids)).toEqual(o.goodIds); // exactly the good lines
  expect([...rejects].sort()).toEqual([...o.rejects].sort()); // the rest, and nothing else
  expect(misplaced(o.home, events).slice(0, 3)).toEqual([]); // each where its line is
  const left = fs.existsSync(segmentsDir(o.home)) ? fs.readdirSync(segmentsDir(o.home)).filter((f) => f.endsWith('.jsonl')) : [];
  expect(left).toEqual([]);
}

/** Events whose source_file + byte_offset do not point at the line holding their id. */
function misplaced(home: string, events: StoredEvent[]): StoredEvent[] {
  const files = new Map<string, Buffer>();
  return events.filter((e) => {
    let bytes = files.get(e.source);
    if (!bytes) {
      bytes = fs.readFileSync(path.join(segmentsDir(home), 'archive', e.source));
      files.set(e.source, bytes);
    }
    const head = `{"v":1,"id":${JSON.stringify(e.id)},`;
    return bytes.toString('utf8', e.offset, e.offset + head.length) !== head;
  });
}

/** A raw_hook_events row (event_id, source_file, byte_offset). */
export function storedEvent(row: Record<string, unknown>): StoredEvent {
  return { id: String(row.event_id), source: String(row.source_file), offset: Number(row.byte_offset) };
}

/** raw_rejects rows (text, bytes) as the hex of the exact line bytes. */
export function rejectHex(row: Record<string, unknown>): string {
  return (row.bytes ? Buffer.from(row.bytes as Uint8Array) : Buffer.from(String(row.text))).toString('hex');
}

export interface ModelRun {
  cases: number;
  operations: number;
  crashes: number;
  seconds: number;
}

/** `runs` cases of `arb`, each on a fresh data dir with its own ingester, checked by `check`. */
export async function runModel(opts: {
  runs: number;
  seed?: number;
  arb: fc.Arbitrary<Op[]>;
  tag: string;
  ingester: (home: string) => Ingester | Promise<Ingester>;
}): Promise<ModelRun> {
  const out: ModelRun = { cases: 0, operations: 0, crashes: 0, seconds: 0 };
  const started = Date.now();
  await fc.assert(
    fc.asyncProperty(opts.arb, async (list) => {
      out.cases++;
      out.operations += list.length;
      out.crashes += list.filter((op) => op.op === 'crash' || op.op === 'kill').length;
      const o = new Oracle(tempHome(opts.tag));
      const ingester = await opts.ingester(o.home);
      try {
        for (const op of list) await apply(o, op, ingester);
        await check(o, ingester);
      } finally {
        fs.rmSync(o.home, { recursive: true, force: true });
      }
    }),
    { numRuns: opts.runs, seed: opts.seed, endOnFailure: false },
  );
  out.seconds = Math.round((Date.now() - started) / 1000);
  return out;
}
