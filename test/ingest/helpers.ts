// Shared by the ingest tests: temp data dirs, the real CLI as a child process, journal lines,
// and reading the published warehouse read-only (closing it at once so it never blocks ingest).
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { query } from '../read-warehouse';
import { CLI, ROOT } from '../paths';

export const root = ROOT;
export const cli = CLI;

export function tempHome(tag = 'ingest'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), `agentdag-${tag}-`));
}

export function env(home: string, extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  return {
    ...process.env,
    AGENTDAG_HOME: home,
    // Only the journal stage unless a test asks for more: these tests are about the journal, and
    // must not depend on transcripts or models (tested by their owners, and here in full-pipeline tests).
    AGENTDAG_INGEST_STEPS: 'journal',
    TZ: 'UTC',
    NO_COLOR: '1',
    NODE_EXTRA_CA_CERTS: '',
    ...extra,
  };
}

export interface CliResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export function ingest(home: string, args: string[] = [], extra: NodeJS.ProcessEnv = {}): CliResult {
  const r = spawnSync(process.execPath, [cli, 'ingest', ...args], { env: env(home, extra), encoding: 'utf8' });
  return { code: r.status, signal: r.signal, stdout: r.stdout, stderr: r.stderr };
}

export function ingestJson(home: string, args: string[] = [], extra: NodeJS.ProcessEnv = {}): Record<string, any> {
  const r = ingest(home, ['--json', ...args], extra);
  if (r.code !== 0) throw new Error(`ingest failed (${r.code ?? r.signal}): ${r.stderr}\n${r.stdout}`);
  return JSON.parse(r.stdout);
}

export function ingestAsync(
  home: string,
  args: string[] = [],
  extra: NodeJS.ProcessEnv = {},
): { child: ChildProcess; done: Promise<CliResult>; stderrMatches: (re: RegExp, boundMs?: number) => Promise<void> } {
  const child = spawn(process.execPath, [cli, 'ingest', ...args], { env: env(home, extra) });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (d) => (stdout += d));
  child.stderr!.on('data', (d) => (stderr += d));
  const done = new Promise<CliResult>((resolve) => child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr })));
  /** Resolves once stderr matches (a condition, not a sleep); rejects after a generous bound. */
  const stderrMatches = async (re: RegExp, boundMs = 60_000) => {
    const until = Date.now() + boundMs;
    while (!re.test(stderr)) {
      if (child.exitCode !== null || Date.now() > until) throw new Error(`stderr never matched ${re}: ${stderr}`);
      await new Promise((r) => setTimeout(r, 20));
    }
  };
  return { child, done, stderrMatches };
}

/** A stable number from a string (so the same id always gets the same timestamp). */
function hash(s: string): number {
  let h = 2166136261;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 16777619) >>> 0;
  return h;
}

/** One journal envelope line (with its newline), as the hook writes it; the same id gives the same line. */
export function envelopeLine(id: string, opts: { host?: string; event?: string; pad?: number; session?: string } = {}): string {
  const env = {
    v: 1,
    id,
    ts: new Date(Date.UTC(2026, 10, 23, 12, 0, 0) + (hash(id) % 86_400_000)).toISOString(),
    host: opts.host ?? 'devbox',
    event: opts.event ?? 'PostToolUse',
    session_id: opts.session ?? 's-1',
    agent_id: null,
    agent_type: null,
    payload: { hook_event_name: opts.event ?? 'PostToolUse', tool_name: 'Bash', tool_input: { command: 'x'.repeat(opts.pad ?? 10) } },
  };
  return JSON.stringify(env) + '\n';
}

export function journalPath(home: string): string {
  return path.join(home, 'journal.jsonl');
}

export function appendJournal(home: string, text: string | Buffer): void {
  fs.appendFileSync(journalPath(home), text, { mode: 0o600 });
}

export function warehousePath(home: string): string {
  return path.join(home, 'warehouse.duckdb');
}

export { query } from '../read-warehouse';

/**
 * What the journal stage stored, independent of run timing: events by id (payload as text) and
 * rejects by reason and text, without ingested_at and segment names (they carry the run's clock).
 */
export async function journalSnapshot(home: string): Promise<{ events: string[]; rejects: string[] }> {
  const events = await query(
    home,
    `SELECT event_id, v, ts::VARCHAR AS ts, host, event, session_id, agent_id, agent_type, payload::VARCHAR AS payload,
            cut::VARCHAR AS cut, redacted::VARCHAR AS redacted, byte_offset
     FROM raw_hook_events ORDER BY event_id`,
  );
  const rejects = await query(home, `SELECT byte_offset, byte_length, reason, detail, text, bytes IS NOT NULL AS has_bytes FROM raw_rejects ORDER BY byte_offset, text`);
  return { events: events.map((e) => JSON.stringify(e)), rejects: rejects.map((r) => JSON.stringify(r)) };
}

/** Compare two snapshots with a short message (the full arrays are thousands of lines). */
export function snapshotDiff(a: { events: string[]; rejects: string[] }, b: { events: string[]; rejects: string[] }): string | null {
  for (const key of ['events', 'rejects'] as const) {
    if (a[key].length !== b[key].length) return `${key}: ${a[key].length} rows vs ${b[key].length}`;
    const i = a[key].findIndex((x, k) => x !== b[key][k]);
    if (i >= 0) return `${key}[${i}]: ${a[key][i]} vs ${b[key][i]}`;
  }
  return null;
}

export async function count(home: string, table: string): Promise<number> {
  return Number((await query(home, `SELECT count(*) AS n FROM ${table}`))[0].n);
}

export function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}
