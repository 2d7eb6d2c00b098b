// The event types state/event-types.ts declares for readers agree with what the migrations'
// triggers write: by their SQL, and by a walk through every transition.
import { describe, expect, it } from 'vitest';
import { STATUS_EVENTS, TRANSITION_EVENTS } from '../../state/read';
import { A, engine, useFreshGraph } from './helpers';

const { t, ops, leases } = engine;
const fresh = useFreshGraph();

describe('event types', () => {
  it('TRANSITION_EVENTS is exactly the set of event types the live triggers can write', () => {
    const g = fresh.get();
    const triggers = (
      g.store.kind === 'sqlite'
        ? g.stmt("SELECT sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'tasks'").all()
        : g.stmt("SELECT pg_get_functiondef(t.tgfoid) AS sql FROM pg_trigger t WHERE t.tgrelid = 'tasks'::regclass AND NOT t.tgisinternal").all()
    ) as { sql: string }[];
    expect(triggers.length).toBeGreaterThan(0);
    const written = new Set(triggers.flatMap((r) => [...r.sql.matchAll(/'(task_[a-z_]+)'/g)].map((m) => m[1])));
    expect([...written].sort()).toEqual([...TRANSITION_EVENTS].sort());
  });

  it('a walk through every transition writes each of them, and every event it writes is declared', () => {
    const g = fresh.get();
    const up = fresh.add('upstream');
    const down = fresh.add('downstream', { after: [up] }); // created pending
    const side = fresh.add('side'); // created ready
    ops.depAdd(g, up, side, {}); // ready → pending: blocked
    fresh.finish(up); // down and side: ready
    g.tx(() => t.claim(g, down, A('a'))); // claimed
    g.tx(() => t.start(g, down, A('a'))); // started
    g.tx(() => t.pause(g, down, A('a'))); // paused
    ops.go(g, { agent: 'a' }); // claimed + started
    g.tx(() => t.progress(g, down, 50, 'half', A('a')));
    g.tx(() => t.fail(g, down, 'broke', A('a'))); // failed
    g.tx(() => t.retry(g, down)); // retried
    g.tx(() => t.claim(g, down, A('a')));
    g.stmt("UPDATE tasks SET lease_expires_at = '2000-01-01T00:00:00.000Z' WHERE id = ?").run(down);
    leases.sweep(g); // reclaimed
    ops.amendTask(g, side, 'more context', {});
    ops.cancel(g, side, {}); // cancelled
    ops.note(g, down, 'a note', {});
    ops.tag(g, down, ['x'], {});
    ops.touchFile(g, down, ['a.ts'], {});
    ops.artifact(g, down, 'report', 'https://example.invalid/r', {});
    const rows = g.stmt('SELECT event_type, to_status FROM events').all() as { event_type: string; to_status: string | null }[];
    const byTrigger = new Set(rows.filter((r) => r.to_status !== null).map((r) => r.event_type));
    expect([...byTrigger].sort()).toEqual([...TRANSITION_EVENTS].sort());
    for (const r of rows) if (r.event_type !== 'dependency_added') expect(STATUS_EVENTS.has(r.event_type), r.event_type).toBe(true);
    expect(STATUS_EVENTS.has('dependency_added')).toBe(false);
  });
});
