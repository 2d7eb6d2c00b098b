// Every hook call of every real fixture (both Claude Code versions), fed to the compiled hook as a
// child process: exactly one well-formed envelope line each, the payload preserved except for the
// fields the envelope marks as cut or redacted.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureBundled, fixtureHookCalls, hookEnv, readLines, runHook, runHookAsync, stringLeaves, tempDir, valueAt } from './helpers';

const calls = fixtureHookCalls();
let home: string;

beforeAll(() => {
  ensureBundled();
  home = tempDir();
});
afterAll(() => fs.rmSync(home, { recursive: true, force: true }));

/** Drop marked paths from both sides, then compare what is left exactly. */
function withoutMarked(payload: unknown, marked: Set<string>): unknown {
  const copy = JSON.parse(JSON.stringify(payload));
  for (const p of marked) {
    const parts = p.match(/[^.[\]]+|\[\d+\]/g) ?? [];
    const last = parts.pop()!;
    const parent = valueAt(copy, parts.map((x) => (x.startsWith('[') ? x : `.${x}`)).join('').replace(/^\./, ''));
    if (parent && typeof parent === 'object') (parent as Record<string, unknown>)[last.startsWith('[') ? last.slice(1, -1) : last] = '<marked>';
  }
  return copy;
}

/** `fn` over `items`, at most `limit` at a time, results in input order. */
async function mapConcurrently<T, R>(items: T[], limit: number, fn: (item: T, i: number) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i], i);
    }
  };
  await Promise.all(Array.from({ length: limit }, worker));
  return out;
}

describe('hook on every fixture hook call', () => {
  it('has fixtures of both versions to run', () => {
    const versions = new Set(calls.map((c) => c.file.split('/')[0]));
    expect(versions).toEqual(new Set(['2.1.197', '2.1.330']));
    expect(calls.length).toBeGreaterThan(300);
  });

  // Each call gets its own data dir, so calls run a few at a time and each journal must hold
  // exactly its one line: 430 hook processes one after another took over 120 s on a loaded machine.
  it('writes exactly one well-formed line per call, payload preserved except marked fields', async () => {
    const results = await mapConcurrently(calls, 4, async (call, i) => {
      const dir = path.join(home, `call-${i}`);
      const r = await runHookAsync(JSON.stringify(call.payload), hookEnv(dir));
      return { ...r, lines: readLines(path.join(dir, 'journal.jsonl')) };
    });
    const ids = new Set<string>();
    for (const [i, call] of calls.entries()) {
      const r = results[i];
      const where = `${call.file} line ${call.index + 1}`;
      expect(r.code, where).toBe(0);
      expect(r.stdout.length, where).toBe(0);
      expect(r.lines.length, where).toBe(1);
      const env1 = JSON.parse(r.lines[0]);
      expect(Object.keys(env1).slice(0, 9), where).toEqual(['v', 'id', 'ts', 'host', 'event', 'session_id', 'agent_id', 'agent_type', 'payload']);
      expect(env1.v).toBe(1);
      expect(typeof env1.id).toBe('string');
      expect(ids.has(env1.id), `duplicate id ${env1.id}`).toBe(false);
      ids.add(env1.id);
      expect(env1.ts).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
      expect(env1.event).toBe(call.payload.hook_event_name);
      expect(env1.session_id).toBe(call.payload.session_id ?? null);
      expect(env1.agent_id).toBe(call.payload.agent_id ?? null);
      expect(env1.agent_type).toBe(call.payload.agent_type ?? null);
      const marked = new Set<string>([...(env1.cut ?? []).map((c: { path: string }) => c.path), ...(env1.redacted ?? []).map((c: { path: string }) => c.path)]);
      // Every mark names a string that exists and shows its marker.
      for (const c of env1.cut ?? []) {
        const original = valueAt(call.payload, c.path) as string;
        expect(typeof original, `${where} cut ${c.path}`).toBe('string');
        expect(c.length).toBe(original.length);
        expect(valueAt(env1.payload, c.path)).toMatch(new RegExp(`…\\[agentdag: cut, ${original.length} chars\\]$`));
      }
      for (const red of env1.redacted ?? []) expect(String(valueAt(env1.payload, red.path)), `${where} ${red.path}`).toContain(`[REDACTED:${red.kind}]`);
      expect(withoutMarked(env1.payload, marked), where).toEqual(withoutMarked(call.payload, marked));
      // No string outside the marks changed (toEqual above), and none inside grew past cap + marker.
      for (const [p, s] of stringLeaves(env1.payload)) if (!marked.has(p)) expect(s).toBe(valueAt(call.payload, p));
    }
    expect(ids.size).toBe(calls.length);
  });

  it('caps with a configurable prefix: AGENTDAG_MAX_FIELD_CHARS=100 cuts long fixture strings and says so', () => {
    const dir = tempDir();
    try {
      const big = calls.filter((c) => [...stringLeaves(c.payload).values()].some((s) => s.length > 100)).slice(0, 20);
      expect(big.length).toBeGreaterThan(5);
      for (const call of big) runHook(JSON.stringify(call.payload), hookEnv(dir, { AGENTDAG_MAX_FIELD_CHARS: '100' }));
      const lines = readLines(path.join(dir, 'journal.jsonl')).map((l) => JSON.parse(l));
      expect(lines.length).toBe(big.length);
      lines.forEach((env1, i) => {
        const long = [...stringLeaves(big[i].payload)].filter(([, s]) => s.length > 100).map(([p]) => p);
        expect(env1.cut.map((c: { path: string }) => c.path).sort()).toEqual(long.sort());
        for (const c of env1.cut) {
          const kept = valueAt(env1.payload, c.path) as string;
          const original = valueAt(big[i].payload, c.path) as string;
          expect(kept.startsWith(original.slice(0, 90))).toBe(true);
          expect(kept.endsWith(`…[agentdag: cut, ${original.length} chars]`)).toBe(true);
        }
      });
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
