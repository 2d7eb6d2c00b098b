// Errors as data: a refusal's fix is worded as command lines for the CLI and as tool calls for
// MCP (naming tools that exist), and a write lock held too long is the same "busy, retry" error
// for every edge.
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { isUserError, UserError } from '../../core/errors';
import { TOOLS } from '../../serve/mcp';
import { A, dbFile, engine, openGraph, tempHome, useFreshGraph } from './helpers';

const { t, ops } = engine;
const fresh = useFreshGraph();

function caught(fn: () => unknown): UserError {
  try {
    fn();
  } catch (e) {
    if (isUserError(e)) return e;
    throw e;
  }
  throw new Error('expected a refusal');
}

describe('fixes worded per edge', () => {
  it('refusals name task_… tools that exist over MCP, and agentdag commands on the CLI', () => {
    const g = fresh.get();
    const up = fresh.add('upstream');
    const down = fresh.add('downstream', { after: [up] });
    const held = fresh.add('held');
    ops.go(g, { agent: 'owner' }); // takes upstream (oldest)
    g.tx(() => t.claim(g, held, A('owner')));
    const failed = fresh.add('failing', { maxRetries: 0 });
    g.tx(() => t.claim(g, failed, A('w')));
    g.tx(() => t.fail(g, failed, 'boom', A('w')));
    const refusals = [
      caught(() => g.tx(() => t.done(g, held, A('intruder')))), // held by another: sweep, or done with force
      caught(() => g.tx(() => t.done(g, down, A('x')))), // pending: dep rm
      caught(() => g.tx(() => t.retry(g, failed))), // out of retries: retry with force
      caught(() => g.tx(() => t.start(g, fresh.add('ready one'), A('x')))), // not claimed: claim / go
      caught(() => g.resolve('zzzzzzzz')), // no such task: list
    ];
    const tools = new Set(TOOLS.map((x) => x.name));
    for (const e of refusals) {
      const mcp = e.fixFor('mcp')!;
      const cli = e.fixFor('cli')!;
      expect(mcp, e.message).not.toMatch(/agentdag task/);
      const named = [...mcp.matchAll(/\b(task_[a-z_]+) \{/g)].map((m) => m[1]);
      expect(named.length, `${e.message}: ${mcp}`).toBeGreaterThan(0);
      for (const n of named) expect(tools.has(n), `${n} in "${mcp}"`).toBe(true);
      expect(cli, e.message).toMatch(/agentdag task /);
      expect(cli).not.toMatch(/task_[a-z]+ \{/);
    }
    expect(refusals[0].fixFor('mcp')).toContain(`task_done {"id":"${held}","force":true}`);
    expect(refusals[0].fixFor('cli')).toContain(`agentdag task done ${held} --force`);
    expect(refusals[1].fixFor('cli')).toContain(`agentdag task dep rm ${up} ${down}`);
  });
});

describe('busy', () => {
  it('a write lock held past the busy timeout is a "busy, retry" UserError (exit 75) from Graph.tx', () => {
    const home = tempHome();
    openGraph(home).close();
    const holder = new Database(dbFile(home));
    holder.exec('BEGIN IMMEDIATE');
    const g = engine.graph.Graph.open(dbFile(home), { busyTimeoutMs: 50 });
    try {
      const e = caught(() => ops.add(g, 'blocked'));
      expect(e.message).toMatch(/the task graph is busy/);
      expect(e.exitCode).toBe(75);
      expect(e.fixFor('mcp')).toMatch(/retry/);
    } finally {
      holder.exec('ROLLBACK');
      holder.close();
      g.close();
    }
  });
});
