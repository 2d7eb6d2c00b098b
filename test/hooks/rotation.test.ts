// Ingest rotates the journal by renaming it; a hook that opened the file just before the rename
// writes into the renamed segment, possibly after ingest read it. The hook notices (its file is no
// longer the one at journal.jsonl) and appends the same line (same id) again, so no line is lost.
// Here a hostile consumer renames, reads and deletes the journal as fast as it can, with no grace
// period at all, while hook processes keep writing.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureBundled, hookEnv, runHookAsync, tempDir } from './helpers';

let home: string;
beforeAll(() => {
  ensureBundled();
  home = tempDir();
});
afterAll(() => fs.rmSync(home, { recursive: true, force: true }));

describe('journal rotation while hooks write', () => {
  it('every call survives a consumer that renames, reads and deletes the journal continuously', async () => {
    const journal = path.join(home, 'journal.jsonl');
    const seen = new Map<string, number>(); // tool_use_id → lines read
    let rotations = 0;
    const consume = (file: string) => {
      for (const line of fs.readFileSync(file, 'utf8').split('\n').filter(Boolean)) {
        const e = JSON.parse(line); // never a torn line either
        const id = String(e.payload.tool_use_id);
        seen.set(id, (seen.get(id) ?? 0) + 1);
      }
    };
    let stop = false;
    const rotator = (async () => {
      while (!stop) {
        const seg = path.join(home, `seg-${rotations}.jsonl`);
        try {
          fs.renameSync(journal, seg);
          rotations++;
          consume(seg);
          fs.unlinkSync(seg); // consumed: a line written into it from now on would be gone
        } catch (e) {
          if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
        }
        await new Promise((r) => setTimeout(r, 2)); // ~500 rotations/s: real ingest rotates every few seconds
      }
    })();
    const CALLS = 240;
    const CONCURRENCY = 24;
    let next = 0;
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        while (next < CALLS) {
          const i = next++;
          const payload = JSON.stringify({ session_id: 'rot', hook_event_name: 'PostToolUse', tool_use_id: `toolu_rot_${i}`, tool_response: { stdout: 'r'.repeat(i * 97) } });
          // Every other call sleeps 30 ms between open() and write(), so the rotation really happens
          // in that window (without the re-append, those lines land in deleted segments).
          const r = await runHookAsync(payload, hookEnv(home, i % 2 ? { AGENTDAG_HOOK_FAULT_DELAY_MS: '30' } : {}));
          expect(r.code).toBe(0);
        }
      }),
    );
    stop = true;
    await rotator;
    if (fs.existsSync(journal)) consume(journal);
    expect(rotations).toBeGreaterThan(20);
    const missing = Array.from({ length: CALLS }, (_, i) => `toolu_rot_${i}`).filter((id) => !seen.has(id));
    const errorsLog = path.join(home, 'hook-errors.log');
    expect(missing, fs.existsSync(errorsLog) ? fs.readFileSync(errorsLog, 'utf8') : 'no hook errors').toEqual([]);
  });
});
