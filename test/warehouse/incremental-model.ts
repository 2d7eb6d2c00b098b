// The incremental build's property: whatever sequence of batches arrives, the warehouse an
// incremental ingest leaves equals a full rebuild of the same raw data, table for table.
// Batches are cut from the real fixture runs (hooks + transcripts of 22 sessions; the two Claude
// Code versions reuse message and tool ids, so copies across sessions are exercised too):
// new sessions, late events of sessions already built, duplicate lines, transcripts arriving in
// parts and after their hooks, task-graph work claimed by a fixture's session, and runs whose build
// is skipped (a crash after the loaders).
// The pipeline runs in-process (ingest/run.ts, the real stages and publish) on a temp data dir.
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as fc from 'fast-check';
import { DuckDBInstance } from '@duckdb/node-api';
import { ALL_STAGES, type IngestSummary } from '../../ingest/run';
import { modelRelations } from '../../warehouse/model-files';
import { dataPaths } from '../../core/data-dir';
import { Graph } from '../../state/graph';
import * as taskOps from '../../state/ops';
import { graphLocation } from '../../state/store/open';
import { allFixtures, fixtureEnvelopes, ingestInProcess, tempHome, type Fixture } from './fixture-pipeline';

export type Op =
  | { kind: 'hooks'; fx: number; n: number }
  | { kind: 'duplicates'; fx: number; n: number }
  | { kind: 'transcripts'; fx: number; part: number }
  | { kind: 'fork'; fx: number }
  | { kind: 'tasks'; fx: number; n: number }
  | { kind: 'ingest'; build: boolean };

const FIXTURES = allFixtures();

export function opsArb(maxOps = 10): fc.Arbitrary<Op[]> {
  const fx = fc.integer({ min: 0, max: FIXTURES.length - 1 });
  const op: fc.Arbitrary<Op> = fc.oneof(
    { weight: 4, arbitrary: fc.record({ kind: fc.constant('hooks' as const), fx, n: fc.integer({ min: 1, max: 40 }) }) },
    { weight: 1, arbitrary: fc.record({ kind: fc.constant('duplicates' as const), fx, n: fc.integer({ min: 1, max: 10 }) }) },
    { weight: 3, arbitrary: fc.record({ kind: fc.constant('transcripts' as const), fx, part: fc.constantFrom(0.3, 0.6, 1) }) },
    { weight: 1, arbitrary: fc.record({ kind: fc.constant('fork' as const), fx }) },
    { weight: 1, arbitrary: fc.record({ kind: fc.constant('tasks' as const), fx, n: fc.integer({ min: 1, max: 3 }) }) },
    { weight: 2, arbitrary: fc.record({ kind: fc.constant('ingest' as const), build: fc.boolean() }) },
  );
  // Something built before and after a middle build, so the last build is an incremental one.
  const part = fc.array(op, { minLength: 1, maxLength: Math.max(1, maxOps >> 1) });
  return fc.tuple(part, part).map(([a, b]) => [...a, { kind: 'ingest', build: true } as Op, ...b]);
}

/** Copy the first `part` of each transcript file of a fixture (whole lines), and its meta files when whole. */
function copyTranscripts(fx: Fixture, claudeDir: string, part: number): void {
  const src = path.join(fx.dir, 'transcripts');
  if (!fs.existsSync(src)) return;
  const walk = (dir: string) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const from = path.join(dir, e.name);
      const to = path.join(claudeDir, 'projects', path.relative(src, from));
      if (e.isDirectory()) walk(from);
      else if (e.name.endsWith('.jsonl')) {
        const lines = fs.readFileSync(from, 'utf8').split('\n').filter(Boolean);
        const keep = lines.slice(0, Math.max(1, Math.ceil(lines.length * part)));
        const have = fs.existsSync(to) ? fs.readFileSync(to, 'utf8').split('\n').filter(Boolean).length : 0;
        if (keep.length <= have) continue; // transcripts only grow
        fs.mkdirSync(path.dirname(to), { recursive: true });
        fs.appendFileSync(to, keep.slice(have).join('\n') + '\n');
      } else if (part === 1) {
        fs.mkdirSync(path.dirname(to), { recursive: true });
        fs.copyFileSync(from, to);
      }
    }
  };
  walk(src);
}

/**
 * A forked session: a new session file repeating the main transcript copied so far, under a new
 * session id, its last API message with one more output token (the copy with the larger usage
 * wins the cross-file dedup, so the message's row moves from the old session to the new one).
 */
function forkTranscript(fx: Fixture, claudeDir: string, n: number): void {
  const src = path.join(fx.dir, 'transcripts');
  if (!fs.existsSync(src)) return;
  for (const dir of fs.readdirSync(src)) {
    for (const f of fs.readdirSync(path.join(src, dir)).filter((f) => f.endsWith('.jsonl'))) {
      const copied = path.join(claudeDir, 'projects', dir, f);
      if (!fs.existsSync(copied)) continue;
      const old = f.replace(/\.jsonl$/, '');
      const fork = `fork-${n}-${old}`;
      const lines = fs.readFileSync(copied, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l));
      const last = lines.map((l, i) => [l, i] as const).filter(([l]) => l.type === 'assistant' && l.message?.usage).at(-1);
      if (last) last[0].message.usage.output_tokens += 1;
      const text = lines.map((l) => JSON.stringify(l).split(old).join(fork)).join('\n') + '\n';
      fs.writeFileSync(path.join(claudeDir, 'projects', dir, `${fork}.jsonl`), text);
    }
  }
}

/**
 * Task-graph work in the data dir's task graph: n tasks added, each claimed and started by the
 * fixture's first session (the warehouse joins claims to that session's tool calls), every other
 * one finished. The next ingest snapshots it.
 */
export function taskWork(home: string, fx: Fixture, n: number, batch: number): void {
  const first = JSON.parse(fs.readFileSync(path.join(fx.dir, 'hooks.jsonl'), 'utf8').split('\n')[0]) as { payload: { session_id?: string } };
  const session = first.payload.session_id ?? 'no-session';
  const g = Graph.open(graphLocation(dataPaths(home).tasks), { project: 'p' });
  try {
    for (let i = 0; i < n; i++) {
      taskOps.add(g, `task ${batch}.${i}`);
      const started = taskOps.go(g, { session });
      if (started.task && i % 2 === 0) taskOps.done(g, started.task.id, { session });
    }
  } finally {
    g.close();
  }
}

/** Every model relation's rows, as sorted JSON lines (doubles to 9 significant digits: sums in another order differ in the last bits). */
export async function snapshot(file: string): Promise<Record<string, string[]>> {
  const inst = await DuckDBInstance.create(file, { access_mode: 'READ_ONLY' });
  const conn = await inst.connect();
  const out: Record<string, string[]> = {};
  try {
    const names = modelRelations(); // every stored relation (parse/'s temp tables feed them, and are not stored)
    for (const name of names) {
      const rows = (await conn.runAndReadAll(`SELECT * FROM ${name}`)).getRowObjectsJson();
      out[name] = rows
        .map((r) => JSON.stringify(r, (_k, v) => (typeof v === 'number' && !Number.isInteger(v) ? Number(v.toPrecision(9)) : v)))
        .sort();
    }
  } finally {
    conn.closeSync();
    inst.closeSync();
  }
  return out;
}

function checksReported(summary: IngestSummary): string[] {
  return summary.checks_failed.map((f) => `${f.check}: ${f.rows} rows`).sort();
}

export interface Outcome {
  incremental: Record<string, string[]>;
  full: Record<string, string[]>;
  builds: number;
}

/**
 * Run the ops on a fresh data dir, end with an ingest, then rebuild everything and snapshot both.
 * `inspect` sees the published warehouse of the last incremental build, before the rebuild.
 */
export async function runOps(ops: Op[], inspect?: (published: string) => Promise<void>): Promise<Outcome> {
  const home = tempHome('agentdag-incr-');
  const claudeDir = path.join(home, 'claude');
  const sent = new Map<number, number>();
  let builds = 0;
  let forks = 0;
  let taskBatches = 0;
  try {
    for (const op of ops) {
      const fx = 'fx' in op ? FIXTURES[op.fx] : null;
      if (op.kind === 'hooks' || op.kind === 'duplicates') {
        const all = fixtureEnvelopes(fx!, claudeDir);
        const done = sent.get(op.fx) ?? 0;
        const lines = op.kind === 'hooks' ? all.slice(done, done + op.n) : all.slice(Math.max(0, done - op.n), done);
        if (op.kind === 'hooks') sent.set(op.fx, Math.min(all.length, done + op.n));
        if (lines.length) fs.appendFileSync(path.join(home, 'journal.jsonl'), lines.join('\n') + '\n');
      } else if (op.kind === 'transcripts') {
        copyTranscripts(fx!, claudeDir, op.part);
      } else if (op.kind === 'fork') {
        forkTranscript(fx!, claudeDir, forks++);
      } else if (op.kind === 'tasks') {
        taskWork(home, fx!, op.n, taskBatches++);
      } else {
        await ingestInProcess(home, op.build ? ALL_STAGES : ['journal', 'transcripts', 'task-graph']);
        if (op.build) builds++;
      }
    }
    const last = await ingestInProcess(home, ALL_STAGES);
    builds++;
    const published = path.join(home, 'warehouse.duckdb');
    // What the checks reported, as a relation of its own: the incremental runs checked only the
    // sessions they rebuilt (warehouse/checks.ts), the rebuild checks everything.
    const incremental = { ...(await snapshot(published)), '(checks reported)': checksReported(last) };
    await inspect?.(published);
    const rebuilt = await ingestInProcess(home, ALL_STAGES, true);
    return { incremental, full: { ...(await snapshot(published)), '(checks reported)': checksReported(rebuilt) }, builds };
  } finally {
    fs.rmSync(home, { recursive: true, force: true });
  }
}
