// Test helpers: stage real Claude Code fixture runs (hooks + transcripts) into a temp data dir as
// journal envelopes, and run the pipeline over them.
import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { sampleRuns } from '../../cli/demo';
import { dataPaths } from '../../core/data-dir';
import { silentProgress } from '../../ingest/contracts';
import { ALL_STAGES, runIngest, type IngestSummary, type Stage } from '../../ingest/run';
import { CLI, ROOT, SAMPLES } from '../paths';

export { CLI, ROOT };
export const FIXTURES = SAMPLES;
const PLACEHOLDER = '/home/dev/.claude';

export interface Fixture {
  version: string;
  scenario: string;
  dir: string;
}

/** Every fixture run with a ground truth (the demo's sample runs: cli/demo.ts). */
export function allFixtures(): Fixture[] {
  return (sampleRuns(FIXTURES) as Fixture[]).filter((f) => fs.existsSync(path.join(f.dir, 'ground-truth.json')));
}

export function tempHome(prefix = 'agentdag-wh-'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

/** Capture lines {event, captured_at, payload} → journal envelopes (TEAM.md), paths rewritten to claudeDir. */
export function fixtureEnvelopes(fx: Fixture, claudeDir: string, host = 'fixture-host'): string[] {
  const real = JSON.stringify(claudeDir).slice(1, -1);
  return fs
    .readFileSync(path.join(fx.dir, 'hooks.jsonl'), 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((line, i) => {
      const cap = JSON.parse(line.split(PLACEHOLDER).join(real)) as { event: string; captured_at: string; payload: Record<string, unknown> };
      const p = cap.payload;
      const id = createHash('sha256').update(`${fx.version}/${fx.scenario}/${i}`).digest('hex').slice(0, 32);
      return JSON.stringify({
        v: 1,
        id,
        ts: cap.captured_at,
        host,
        event: (p.hook_event_name as string) ?? cap.event ?? 'unknown',
        session_id: p.session_id ?? null,
        agent_id: p.agent_id ?? null,
        agent_type: p.agent_type ?? null,
        payload: p,
      });
    });
}

/** Copy a fixture's transcripts to <claudeDir>/projects and append its envelopes to the journal. */
export function stageFixture(fx: Fixture, home: string, claudeDir = path.join(home, 'claude')): void {
  const src = path.join(fx.dir, 'transcripts');
  if (fs.existsSync(src)) fs.cpSync(src, path.join(claudeDir, 'projects'), { recursive: true });
  fs.mkdirSync(home, { recursive: true });
  fs.appendFileSync(path.join(home, 'journal.jsonl'), fixtureEnvelopes(fx, claudeDir).join('\n') + '\n');
}

export function cli(home: string, args: string[], env: NodeJS.ProcessEnv = {}): string {
  return execFileSync(process.execPath, [CLI, ...args], {
    env: { ...process.env, AGENTDAG_HOME: home, CLAUDE_CONFIG_DIR: path.join(home, 'claude'), NO_COLOR: '1', ...env },
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
    maxBuffer: 64 * 1024 * 1024,
  });
}

/** `agentdag ingest` over a data dir (the real CLI, as cron runs it). */
export async function ingest(home: string, extraArgs: string[] = []): Promise<void> {
  cli(home, ['ingest', ...extraArgs]);
}

export { query } from '../read-warehouse';

/** A model no price list names, for the tests of NULL-never-0 cost (every model of the sample runs has a price). */
export const UNPRICED_MODEL = 'claude-opus-9-9';

/**
 * One more session, on 2026-11-22 like the sample runs: a transcript of two API calls by
 * UNPRICED_MODEL, and the SessionStart hook event that names it (so ingest reads it).
 */
export function stageUnpricedSession(home: string, claudeDir = path.join(home, 'claude')): string {
  const session = '99999999-0000-4000-8000-00000000e9e9';
  const file = path.join(claudeDir, 'projects', '-home-dev-project', `${session}.jsonl`);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const call = (n: number) => ({
    type: 'assistant',
    sessionId: session,
    uuid: `u-${n}`,
    timestamp: `2026-11-22T12:0${n}:00.000Z`,
    requestId: `req_unpriced_${n}`,
    message: { id: `msg_unpriced_${n}`, model: UNPRICED_MODEL, role: 'assistant', stop_reason: 'end_turn', content: [{ type: 'text', text: 'hi' }], usage: { input_tokens: 10, output_tokens: 20, cache_read_input_tokens: 0, cache_creation_input_tokens: 0 } },
  });
  fs.writeFileSync(file, [call(1), call(2)].map((l) => JSON.stringify(l)).join('\n') + '\n');
  const envelope = { v: 1, id: `unpriced-${session}`, ts: '2026-11-22T12:00:00.000Z', host: 'fixture-host', event: 'SessionStart', session_id: session, agent_id: null, agent_type: null, payload: { session_id: session, hook_event_name: 'SessionStart', source: 'startup', transcript_path: file } };
  fs.appendFileSync(path.join(home, 'journal.jsonl'), JSON.stringify(envelope) + '\n');
  return session;
}

/** One ingest run in this process (the stages given, all by default), transcripts from <home>/claude/projects when there. */
export async function ingestInProcess(home: string, stages: readonly Stage[] = ALL_STAGES, rebuild = false): Promise<IngestSummary> {
  process.env.CLAUDE_CONFIG_DIR = path.join(home, 'claude');
  return runIngest({
    paths: dataPaths(home),
    externalJournals: [],
    waitMs: 0,
    graceMs: 0,
    keepSegments: false,
    progress: silentProgress,
    warn: () => undefined,
    transcriptsDir: fs.existsSync(path.join(home, 'claude', 'projects')) ? path.join(home, 'claude', 'projects') : undefined,
    steps: new Set(stages),
    rebuild,
  });
}

/** Rows of one statement on a warehouse file between runs (the published copy read-only; the work file when no ingest holds it). */
export async function queryFile(file: string, sql: string, access: 'READ_ONLY' | 'READ_WRITE' = 'READ_ONLY'): Promise<Record<string, unknown>[]> {
  const inst = await DuckDBInstance.create(file, { access_mode: access });
  const conn = await inst.connect();
  try {
    return (await conn.runAndReadAll(sql)).getRowObjectsJS();
  } finally {
    conn.closeSync();
    inst.closeSync();
  }
}
