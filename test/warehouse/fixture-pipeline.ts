// Test helpers: stage real Claude Code fixture runs (hooks + transcripts) into a temp data dir as
// journal envelopes, and run the pipeline over them.
import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { sampleRuns } from '../../cli/demo';
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
