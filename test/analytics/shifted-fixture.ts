// Stage a real Claude Code fixture run (hooks + transcripts) into a data dir as if it had happened
// at another time: every ISO-8601 time in it moves by the same offset, so the run lands inside the
// task-graph claim that an agent holds "now". Built on the warehouse tests' fixture staging.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { FIXTURES, fixtureEnvelopes, type Fixture } from '../warehouse/fixture-pipeline';

const ISO = /"(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,9})?Z)"/g;

export function fixture(version: string, scenario: string): Fixture {
  return { version, scenario, dir: path.join(FIXTURES, version, scenario) };
}

export function groundTruth(fx: Fixture): any {
  return JSON.parse(fs.readFileSync(path.join(fx.dir, 'ground-truth.json'), 'utf8'));
}

/** The time of the fixture's first hook call (its run starts there). */
export function firstHookTime(fx: Fixture): number {
  const first = fs.readFileSync(path.join(fx.dir, 'hooks.jsonl'), 'utf8').split('\n')[0];
  return Date.parse(JSON.parse(first).captured_at);
}

/** Milliseconds from the first to the last hook call of the fixture. */
export function hookSpanMs(fx: Fixture): number {
  const lines = fs.readFileSync(path.join(fx.dir, 'hooks.jsonl'), 'utf8').trim().split('\n');
  return Date.parse(JSON.parse(lines[lines.length - 1]).captured_at) - firstHookTime(fx);
}

function shiftTimes(text: string, offsetMs: number): string {
  return text.replace(ISO, (_m, iso: string) => JSON.stringify(new Date(Date.parse(iso) + offsetMs).toISOString()));
}

/**
 * Appends the fixture's hook calls to <home>/journal.jsonl and copies its transcripts under
 * <claudeDir>/projects, with every time moved so that the first hook call happens at `startAt`.
 */
export function stageShifted(fx: Fixture, home: string, startAt: number, claudeDir = path.join(home, 'claude')): void {
  const offset = startAt - firstHookTime(fx);
  const lines = fixtureEnvelopes(fx, claudeDir).map((l) => shiftTimes(l, offset));
  fs.appendFileSync(path.join(home, 'journal.jsonl'), lines.join('\n') + '\n');
  const src = path.join(fx.dir, 'transcripts');
  const copy = (from: string, to: string) => {
    for (const entry of fs.readdirSync(from, { withFileTypes: true })) {
      const a = path.join(from, entry.name);
      const b = path.join(to, entry.name);
      if (entry.isDirectory()) {
        fs.mkdirSync(b, { recursive: true });
        copy(a, b);
      } else {
        fs.writeFileSync(b, entry.name.endsWith('.jsonl') ? shiftTimes(fs.readFileSync(a, 'utf8'), offset) : fs.readFileSync(a));
      }
    }
  };
  const dest = path.join(claudeDir, 'projects');
  fs.mkdirSync(dest, { recursive: true });
  copy(src, dest);
}
