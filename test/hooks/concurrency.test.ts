// 32 hook processes at once, payloads up to 2 MB: every line parses, none torn, none lost.
// Half the writers run uncapped (AGENTDAG_MAX_FIELD_CHARS=0) so that lines are megabytes long and
// the single-write append is really exercised; the other half write capped lines.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureBundled, hookEnv, readLines, runHookAsync, tempDir } from './helpers';

let home: string;
beforeAll(() => {
  ensureBundled();
  home = tempDir();
});
afterAll(() => fs.rmSync(home, { recursive: true, force: true }));

function payload(writer: number, bytes: number): string {
  const fill = String.fromCharCode(97 + (writer % 26));
  return JSON.stringify({
    session_id: `session-${writer}`,
    hook_event_name: 'PostToolUse',
    tool_name: 'Bash',
    tool_use_id: `toolu_${writer}`,
    tool_input: { command: `cat big-${writer}.txt` },
    tool_response: { stdout: fill.repeat(bytes), stderr: '' },
  });
}

describe('32 concurrent hook processes', () => {
  it('every line parses, none torn, none lost, none doubled', async () => {
    const WRITERS = 32;
    const ROUNDS = 3;
    // Sizes from 1 KB to 2 MB, log-spaced over the writers.
    const size = (w: number) => Math.round(1024 * Math.pow(2048, w / (WRITERS - 1)));
    const expected = new Map<string, number>();
    for (let round = 0; round < ROUNDS; round++) {
      await Promise.all(
        Array.from({ length: WRITERS }, (_, w) => {
          expected.set(`session-${w}`, (expected.get(`session-${w}`) ?? 0) + 1);
          const env = hookEnv(home, w % 2 === 1 ? { AGENTDAG_MAX_FIELD_CHARS: '0' } : {});
          return runHookAsync(payload(w, size(w)), env).then((r) => {
            expect(r.code).toBe(0);
            expect(r.stdout).toBe('');
          });
        }),
      );
    }
    const journal = path.join(home, 'journal.jsonl');
    expect(fs.readFileSync(journal, 'utf8').endsWith('\n')).toBe(true);
    const lines = readLines(journal);
    expect(lines).toHaveLength(WRITERS * ROUNDS);
    const seen = new Map<string, number>();
    const ids = new Set<string>();
    let biggest = 0;
    for (const line of lines) {
      biggest = Math.max(biggest, line.length);
      const env = JSON.parse(line); // a torn line would throw here
      ids.add(env.id);
      const w = Number(String(env.session_id).split('-')[1]);
      const stdout: string = env.payload.tool_response.stdout;
      const fill = String.fromCharCode(97 + (w % 26));
      if (w % 2 === 1) expect(stdout).toBe(fill.repeat(size(w)));
      else expect(stdout.replace(/…\[agentdag: cut, \d+ chars\]$/, '')).toBe(fill.repeat(Math.min(size(w), 8192)));
      seen.set(env.session_id, (seen.get(env.session_id) ?? 0) + 1);
    }
    expect(ids.size).toBe(lines.length);
    expect(seen).toEqual(expected);
    expect(biggest).toBeGreaterThan(2_000_000);
  });
});
