// Liveness from hooks: before reclaiming an expired lease the sweeper reads the journal from its
// end; a claiming session that wrote a hook event during its lease period keeps its task (the
// lease runs again from now, with an event saying why); a silent one loses it as before.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { journalLastSeen } from '../../state/liveness';
import { HOOK } from '../paths';
import { cli, cliOk, engine, graphAt, sleep, tempHome } from './helpers';

/** Wait (polling, bounded) until `at` (ISO) is in the past. */
async function until(at: string, boundMs = 30_000): Promise<void> {
  const deadline = Date.now() + boundMs;
  while (Date.now() <= Date.parse(at) + 20) {
    if (Date.now() > deadline) throw new Error(`still before ${at}`);
    await sleep(50);
  }
}

const line = (session: string, ts: string) => JSON.stringify({ v: 1, id: `e-${Math.random()}`, ts, host: 'h', event: 'PostToolUse', session_id: session, agent_id: null, agent_type: null, payload: {} }) + '\n';

describe('journalLastSeen', () => {
  it('finds each session\'s newest event from the end of journal.jsonl, then the newest segment', () => {
    const home = tempHome();
    const paths = { journal: path.join(home, 'journal.jsonl'), segments: path.join(home, 'journal') };
    fs.mkdirSync(paths.segments);
    fs.writeFileSync(path.join(paths.segments, '20260101T000000000Z-1-a.jsonl'), line('old', '2026-01-01T00:00:00.000Z'));
    fs.writeFileSync(path.join(paths.segments, '20260102T000000000Z-1-b.jsonl'), line('s-seg', '2026-01-02T00:00:00.000Z') + line('s-1', '2026-01-02T00:00:01.000Z'));
    fs.writeFileSync(paths.journal, line('s-1', '2026-01-03T00:00:00.000Z') + '{"torn": ' + '\n' + line('s-1', '2026-01-03T00:00:05.000Z') + line('other', '2026-01-03T00:00:06.000Z'));
    const seen = journalLastSeen(paths)(['s-1', 's-seg', 'old', 'never']);
    expect(Object.fromEntries(seen)).toEqual({ 's-1': '2026-01-03T00:00:05.000Z', 's-seg': '2026-01-02T00:00:00.000Z' });
    expect(journalLastSeen({ journal: path.join(home, 'none'), segments: path.join(home, 'none') })(['s-1']).size).toBe(0);
  });
});

describe('the sweeper and hook activity', () => {
  it('a session writing hook events keeps its expired lease; once silent for a lease period it loses the task', async () => {
    const home = tempHome();
    const id = cliOk(home, ['task', 'add', 'long work', '--lease', '1', '--json']).id;
    const go = cliOk(home, ['task', 'go', '--json'], { AGENTDAG_SESSION_ID: 'sess-busy' });
    expect(go.task.session_id).toBe('sess-busy');
    await until(go.task.lease_expires_at);
    // The agent is at work: its hook writes a line to the journal (the real hook, as Claude Code runs it).
    const hook = spawnSync(process.execPath, [HOOK], {
      input: JSON.stringify({ session_id: 'sess-busy', hook_event_name: 'PostToolUse', tool_name: 'Bash', tool_input: { command: 'make' }, tool_response: {} }),
      env: { ...process.env, AGENTDAG_HOME: home, NODE_EXTRA_CA_CERTS: '' },
    });
    expect(hook.status).toBe(0);
    const swept = cliOk(home, ['task', 'sweep', '--json']);
    expect(swept).toEqual({ reclaimed: [], failed: [], extended: [id] });
    const shown = cliOk(home, ['task', 'show', id, '--json']);
    expect(shown.task.status).toBe('running');
    expect(Date.parse(shown.task.lease_expires_at)).toBeGreaterThan(Date.parse(go.task.lease_expires_at));
    const ext = shown.events.find((e: { event_type: string }) => e.event_type === 'task_lease_extended');
    expect(ext.payload).toMatchObject({ by: 'hook_activity', session: 'sess-busy', lease_expires_at: shown.task.lease_expires_at });
    expect(Date.parse(ext.payload.last_hook_event_at)).toBeGreaterThan(Date.parse(go.task.claimed_at));
    // No more hook events during the extended lease: once it runs out, the sweeper reclaims the task.
    await until(shown.task.lease_expires_at);
    expect(cliOk(home, ['task', 'sweep', '--json'])).toEqual({ reclaimed: [id], failed: [], extended: [] });
    expect(cli(home, ['task', 'heartbeat', id], { AGENTDAG_SESSION_ID: 'sess-busy' }).stderr).toMatch(/lease lost/);
  });

  it('a claim without a session, or a session the journal never saw, is reclaimed as before', async () => {
    const home = tempHome();
    const g = engine.graph.Graph.open(graphAt(home), { lastSeen: journalLastSeen({ journal: path.join(home, 'journal.jsonl'), segments: path.join(home, 'journal') }) });
    try {
      const a = engine.ops.add(g, 'a', { leaseSeconds: 1 }).result.id;
      const b = engine.ops.add(g, 'b', { leaseSeconds: 1 }).result.id;
      engine.ops.claim(g, a, { agent: 'no-session' });
      const held = engine.ops.claim(g, b, { agent: 'x', session: 'sess-unseen' })!;
      fs.writeFileSync(path.join(home, 'journal.jsonl'), line('sess-other', new Date().toISOString()));
      await until(held.lease_expires_at!);
      const swept = engine.leases.sweep(g);
      expect(swept.reclaimed.sort()).toEqual([a, b].sort());
      expect(swept.extended).toEqual([]);
    } finally {
      g.close();
    }
  });
});
