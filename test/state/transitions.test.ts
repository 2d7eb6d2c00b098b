// The state machine: every transition with its event, every refusal with its fix, lenient done.
import { beforeEach, describe, expect, it } from 'vitest';
import { A, engine, eventTypes, Graph, statusOf, useFreshGraph } from './helpers';

const { t } = engine;
const fresh = useFreshGraph();
let g: Graph;
beforeEach(() => (g = fresh.get()));

const { add } = fresh;

function refusal(fn: () => unknown): { message: string; fix: string } {
  try {
    fn();
  } catch (e) {
    const err = e as { message: string; fix?: string; name: string };
    expect(err.name).toBe('UserError');
    expect(err.fix, `refusal "${err.message}" must name the fix`).toBeTruthy();
    return { message: err.message, fix: err.fix! };
  }
  throw new Error('expected a refusal');
}

describe('happy path transitions', () => {
  it('pending → ready → claimed → running → done, each with its event', () => {
    const up = add('upstream');
    const id = add('work', { after: [up] });
    expect(statusOf(g, id)).toBe('pending');
    g.tx(() => t.done(g, up, A('a')));
    expect(statusOf(g, id)).toBe('ready');
    const claimed = g.tx(() => t.claim(g, id, A('a')));
    expect(claimed.status).toBe('claimed');
    expect(claimed.agent_id).toBe('a');
    expect(claimed.lease_expires_at).toBeTruthy();
    const running = g.tx(() => t.start(g, id, A('a')));
    expect(running.status).toBe('running');
    expect(running.started_at).toBeTruthy();
    const { task } = g.tx(() => t.done(g, id, A('a'), { result: { ok: 1 } }));
    expect(task.status).toBe('done');
    expect(task.result).toEqual({ ok: 1 });
    expect(task.completed_at).toBeTruthy();
    expect(task.lease_expires_at).toBeNull();
    expect(eventTypes(g, id)).toEqual(['task_created', 'dependency_added', 'task_ready', 'task_claimed', 'task_started', 'task_completed']);
  });

  it('a task with no dependencies is ready at once; go claims and starts it and records the agent', () => {
    const id = add('solo');
    expect(eventTypes(g, id)).toEqual(['task_created', 'task_ready']);
    const r = engine.ops.go(g, { agent: 'agent-x' });
    expect(r.task?.id).toBe(id);
    expect(r.task?.status).toBe('running');
    expect(r.task?.agent_id).toBe('agent-x');
    expect(eventTypes(g, id)).toEqual(['task_created', 'task_ready', 'task_claimed', 'task_started']);
  });

  it('go answers clearly (not an error) when nothing is ready, saying why', () => {
    expect(engine.ops.go(g, { agent: 'a' }).message).toMatch(/empty/);
    const a = add('a');
    add('b', { after: [a] });
    engine.ops.go(g, { agent: 'a' });
    const r = engine.ops.go(g, { agent: 'b' });
    expect(r.task).toBeNull();
    expect(r.message).toMatch(/1 task\(s\) wait on unfinished work/);
  });

  it('claims by priority, then age', () => {
    const low = add('low', { priority: 0 });
    const high1 = add('high first', { priority: 5 });
    const high2 = add('high second', { priority: 5 });
    expect([1, 2, 3].map(() => g.tx(() => t.claimNext(g, A('a')))!.id)).toEqual([high1, high2, low]);
    expect(g.tx(() => t.claimNext(g, A('a')))).toBeNull();
  });

  it('running → failed, then retry → ready while retries remain, then refused with the fix', () => {
    const id = add('flaky', { maxRetries: 1 });
    engine.ops.go(g, { agent: 'a' });
    const f = g.tx(() => t.fail(g, id, 'boom', A('a')));
    expect(f.task.status).toBe('failed');
    expect(f.task.error).toBe('boom');
    expect(g.tx(() => t.retry(g, id)).status).toBe('ready');
    engine.ops.go(g, { agent: 'a' });
    g.tx(() => t.fail(g, id, 'boom again', A('a')));
    const r = refusal(() => g.tx(() => t.retry(g, id)));
    expect(r.message).toMatch(/used 1 of 1 retries/);
    expect(r.fix).toMatch(/--force/);
    expect(g.tx(() => t.retry(g, id, { force: true })).status).toBe('ready');
    expect(eventTypes(g, id).filter((e) => e === 'task_failed' || e === 'task_retried')).toEqual(['task_failed', 'task_retried', 'task_failed', 'task_retried']);
  });

  it('pause: running → ready, releasing the agent without using a retry', () => {
    const id = add('long');
    engine.ops.go(g, { agent: 'a' });
    const p = g.tx(() => t.pause(g, id, A('a')));
    expect(p.status).toBe('ready');
    expect(p.agent_id).toBeNull();
    expect(p.retries).toBe(0);
    expect(eventTypes(g, id).at(-1)).toBe('task_paused');
  });

  it('claimed → paused too, and heartbeat / progress renew the lease', () => {
    const id = add('x');
    const c = g.tx(() => t.claim(g, id, A('a')));
    const before = c.lease_expires_at!;
    const hb = g.tx(() => t.heartbeat(g, id, A('a')));
    expect(hb.lease_expires_at! >= before).toBe(true);
    const pr = g.tx(() => t.progress(g, id, 40, 'parsed 4 of 10', A('a')));
    expect(pr.progress).toBe(40);
    expect(eventTypes(g, id)).toContain('task_progress');
    expect(g.tx(() => t.pause(g, id, A('a'))).status).toBe('ready');
  });

  it('cancel: pending, ready, claimed and running tasks end cancelled; finished work is kept', () => {
    const a = add('a');
    const b = add('b', { after: [a] });
    const c = add('c');
    const d = add('d');
    g.tx(() => t.claim(g, c, A('x')));
    engine.ops.go(g, { agent: 'y' }); // takes d (a? priority equal, a is older)
    for (const id of [a, b, c, d]) {
      if (['pending', 'ready', 'claimed', 'running'].includes(statusOf(g, id))) engine.ops.cancel(g, id, { reason: 'scope' });
    }
    for (const id of [a, b, c, d]) expect(statusOf(g, id)).toBe('cancelled');
    expect(eventTypes(g, c).at(-1)).toBe('task_cancelled');
  });
});

describe('lenient done', () => {
  it.each(['ready', 'claimed', 'running'])('done from %s fills the skipped timestamps', (from) => {
    const id = add('x');
    if (from !== 'ready') g.tx(() => t.claim(g, id, A('a')));
    if (from === 'running') g.tx(() => t.start(g, id, A('a')));
    const { task } = g.tx(() => t.done(g, id, A('a')));
    expect(task.status).toBe('done');
    expect(task.claimed_at).toBeTruthy();
    expect(task.started_at).toBeTruthy();
    expect(task.completed_at).toBeTruthy();
    expect(task.agent_id).toBe('a');
    expect(eventTypes(g, id).at(-1)).toBe('task_completed');
  });

  it('done --partial gives done_partial, which also unblocks dependents', () => {
    const a = add('a');
    const b = add('b', { after: [a] });
    const { task, promoted } = g.tx(() => t.done(g, a, A('x'), { partial: true }));
    expect(task.status).toBe('done_partial');
    expect(promoted).toEqual([b]);
  });
});

describe('lenient done across identities', () => {
  const implicit = (agent: string) => ({ agent, session: null }); // inferred: the session or user@host

  it('a caller that names no identity finishes a task another agent claimed; the task and its event say who claimed and who finished', () => {
    const id = add('x');
    engine.ops.go(g, { agent: 'agent-a' });
    const { task } = g.tx(() => t.done(g, id, implicit('root@vm'), { result: { ok: 1 } }));
    expect(task.status).toBe('done');
    expect(task.agent_id).toBe('agent-a');
    expect(task.finished_by).toBe('root@vm');
    const ev = g.stmt("SELECT agent_id, payload FROM events WHERE task_id = ? AND event_type = 'task_completed'").get(id) as { agent_id: string; payload: string };
    expect(ev.agent_id).toBe('agent-a');
    expect(JSON.parse(ev.payload).finished_by).toBe('root@vm');
  });

  it('fail is lenient the same way; start, pause and heartbeat are not', () => {
    const id = add('x');
    engine.ops.go(g, { agent: 'agent-a' });
    expect(() => g.tx(() => t.pause(g, id, implicit('other')))).toThrow(/by agent-a/);
    expect(() => g.tx(() => t.heartbeat(g, id, implicit('other')))).toThrow(/by agent-a/);
    const { task } = g.tx(() => t.fail(g, id, 'broke', implicit('other')));
    expect(task.status).toBe('failed');
    expect(task.finished_by).toBe('other');
    expect(g.tx(() => t.retry(g, id)).finished_by).toBeNull();
  });

  it('an explicit, different identity is refused, with the fix naming the holder and --force', () => {
    const id = add('x');
    engine.ops.go(g, { agent: 'agent-a' });
    const r = refusal(() => g.tx(() => t.done(g, id, A('agent-b'))));
    expect(r.message).toMatch(/running by agent-a/);
    expect(r.fix).toContain(`agentdag task done ${id} --agent agent-a`);
    expect(r.fix).toContain(`agentdag task done ${id} --force`);
    expect(g.tx(() => t.done(g, id, A('agent-a'))).task.finished_by).toBe('agent-a');
  });
});

describe('refusals name the fix', () => {
  it('done on pending names what it waits on', () => {
    const a = add('a');
    const b = add('b', { after: [a] });
    const r = refusal(() => g.tx(() => t.done(g, b, A('x'))));
    expect(r.message).toContain(a);
    expect(r.fix).toMatch(/dep rm/);
  });
  it('done twice', () => {
    const a = add('a');
    g.tx(() => t.done(g, a, A('x')));
    expect(refusal(() => g.tx(() => t.done(g, a, A('x')))).message).toMatch(/already done/);
  });
  it('done on failed and cancelled tasks', () => {
    const a = add('a');
    engine.ops.go(g, { agent: 'x' });
    g.tx(() => t.fail(g, a, 'no', A('x')));
    expect(refusal(() => g.tx(() => t.done(g, a, A('x')))).fix).toMatch(/retry/);
    const b = add('b');
    engine.ops.cancel(g, b, {});
    expect(refusal(() => g.tx(() => t.done(g, b, A('x')))).message).toMatch(/cancelled/);
  });
  it('another agent cannot finish, fail, pause or heartbeat a held task without --force', () => {
    const a = add('a');
    engine.ops.go(g, { agent: 'owner' });
    for (const fn of [
      () => t.done(g, a, A('intruder')) as unknown,
      () => t.fail(g, a, 'x', A('intruder')),
      () => t.pause(g, a, A('intruder')),
      () => t.heartbeat(g, a, A('intruder')),
      () => t.start(g, a, A('intruder')),
    ]) {
      expect(refusal(() => g.tx(fn)).message).toMatch(/by owner/);
    }
    expect(g.tx(() => t.done(g, a, A('intruder', true))).task.status).toBe('done');
  });
  it('claim of a pending, held or finished task', () => {
    const a = add('a');
    const b = add('b', { after: [a] });
    expect(refusal(() => g.tx(() => t.claim(g, b, A('x')))).message).toMatch(/pending/);
    g.tx(() => t.claim(g, a, A('x')));
    expect(refusal(() => g.tx(() => t.claim(g, a, A('y')))).message).toMatch(/already claimed/);
  });
  it('start needs a claim; fail needs a claim; pause needs a claim; retry needs a failure', () => {
    const a = add('a');
    expect(refusal(() => g.tx(() => t.start(g, a, A('x')))).fix).toMatch(/claim/);
    expect(refusal(() => g.tx(() => t.fail(g, a, 'e', A('x')))).message).toMatch(/only a claimed or running/);
    expect(refusal(() => g.tx(() => t.pause(g, a, A('x')))).message).toMatch(/only a claimed or running/);
    expect(refusal(() => g.tx(() => t.retry(g, a))).message).toMatch(/only a failed/);
  });
  it('fail without a reason, progress out of range, cancel of finished work', () => {
    const a = add('a');
    engine.ops.go(g, { agent: 'x' });
    expect(refusal(() => g.tx(() => t.fail(g, a, ' ', A('x')))).message).toMatch(/why/);
    expect(refusal(() => g.tx(() => t.progress(g, a, 140, null, A('x')))).message).toMatch(/0 to 100/);
    g.tx(() => t.done(g, a, A('x')));
    expect(refusal(() => engine.ops.cancel(g, a, {})).message).toMatch(/cannot be cancelled/);
  });
  it('composite tasks are never claimed or completed directly', () => {
    const p = add('parent');
    engine.ops.splitTask(g, p, [{ key: '1', title: 'one', after: [], inputs: [] }], {});
    expect(refusal(() => g.tx(() => t.done(g, p, A('x')))).message).toMatch(/composite/);
    expect(refusal(() => g.tx(() => t.claim(g, p, A('x')))).message).toMatch(/composite/);
  });
  it('the schema itself refuses impossible states (CHECK constraints)', () => {
    const a = add('a');
    // SQLite: "CHECK constraint failed"; PostgreSQL: "violates check constraint".
    const CHECK = /CHECK constraint failed|violates check constraint/;
    expect(() => g.stmt("UPDATE tasks SET status = 'done' WHERE id = ?").run(a)).toThrow(CHECK);
    expect(() => g.stmt("UPDATE tasks SET status = 'claimed' WHERE id = ?").run(a)).toThrow(CHECK);
    expect(() => g.stmt("UPDATE tasks SET status = 'bogus' WHERE id = ?").run(a)).toThrow(CHECK);
    expect(() => g.stmt("UPDATE tasks SET result = 'not json' WHERE id = ?").run(a)).toThrow(CHECK);
  });
});

describe('ids', () => {
  it('are t- plus 8 characters, resolve by unique prefix or exact title, and suggest the closest on a typo', () => {
    const id = add('The parser');
    expect(id).toMatch(/^t-[0-9a-hjkmnp-tv-z]{8}$/);
    expect(g.resolve(id.slice(2, 6))).toBe(id);
    expect(g.resolve(id.toUpperCase())).toBe(id);
    const typo = id.slice(0, -1) + (id.endsWith('a') ? 'b' : 'a');
    const r = refusal(() => g.resolve(typo));
    expect(r.fix).toContain(`did you mean ${id}`);
    expect(g.resolve('the PARSER')).toBe(id);
    add('The parser');
    expect(refusal(() => g.resolve('The parser')).message).toMatch(/2 tasks are titled/);
  });
  it('an ambiguous prefix lists the candidates', () => {
    const ids = Array.from({ length: 60 }, (_, i) => add(`t${i}`));
    const byFirst = new Map<string, string[]>();
    for (const id of ids) byFirst.set(id[2], [...(byFirst.get(id[2]) ?? []), id]);
    const [prefix, group] = [...byFirst.entries()].find(([, v]) => v.length > 1)!;
    const r = refusal(() => g.resolve(prefix));
    expect(r.message).toMatch(/ambiguous/);
    for (const id of group.slice(0, 5)) expect(r.message).toContain(id);
  });
});
