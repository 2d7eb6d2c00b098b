// Simulated agent processes for the task-graph race and chaos tests and the 8-process bench.
// Each opens the graph itself (a SQLite file or a postgres:// URL), like a real agent's `agentdag task …` calls would.
//   node dist/bench/tasks-worker.js FILE AGENT claim|complete [project]
//     claim (optionally complete) until nothing is left; prints {agent, claimed, claims, busy_errors, ms}
//   node dist/bench/tasks-worker.js FILE AGENT agent SEED
//     go → work with heartbeats → done, printing {"claimed": id} / {"done": id} lines as it goes
//   node dist/bench/tasks-worker.js FILE AGENT planner SEED STEPS
//     random plan adaptation (insert, amend, split, decompose, pivot, replan, cancel, dep add, what-if)
import { isUserError } from '../core/errors';
import { Graph } from '../state/graph';
import { seededRandom as rng } from './seeded-random';
import * as ops from '../state/ops';
import * as T from '../state/transitions';

const sleeper = new Int32Array(new SharedArrayBuffer(4));
const sleep = (ms: number) => Atomics.wait(sleeper, 0, 0, ms);

function say(obj: unknown): void {
  process.stdout.write(JSON.stringify(obj) + '\n');
}

function claimLoop(g: Graph, agent: string, mode: string): void {
  const actor = { agent, session: null };
  const claimed: string[] = [];
  let busy = 0;
  const t0 = performance.now();
  for (;;) {
    let row;
    try {
      row = g.tx(() => T.claimNext(g, actor));
    } catch (e) {
      if (isUserError(e) && e.exitCode === 75) {
        busy++;
        continue;
      }
      throw e;
    }
    if (row) {
      claimed.push(row.id);
      if (mode === 'complete') g.tx(() => T.done(g, row.id, actor, { result: { by: agent } }));
      continue;
    }
    if (mode !== 'complete') break;
    // Nothing ready: finished, or waiting for another agent to complete an upstream task.
    const live = g.stmt(`SELECT count(*) AS n FROM tasks WHERE status IN ('pending', 'ready', 'claimed', 'running') AND kind = 'task'`).get() as { n: number };
    if (live.n === 0) break;
    sleep(1);
  }
  say({ agent, claimed, claims: claimed.length, busy_errors: busy, ms: performance.now() - t0 });
}

/** An agent: take work, heartbeat while working, finish; give up a task whose lease it lost. */
function agentLoop(g: Graph, agent: string, seed: number): void {
  const rand = rng(seed);
  let idle = 0;
  for (;;) {
    const r = ops.go(g, { agent });
    if (!r.task) {
      if (++idle > 200) return; // the test stops agents; this is only a safety net
      sleep(20);
      continue;
    }
    idle = 0;
    const id = r.task.id;
    say({ claimed: id });
    const work = 30 + Math.floor(rand() * 250);
    let lost = false;
    for (let spent = 0; spent < work && !lost; spent += 100) {
      sleep(Math.min(100, work - spent));
      try {
        ops.heartbeat(g, id, { agent });
      } catch (e) {
        if (!isUserError(e)) throw e;
        lost = true;
      }
    }
    if (lost) {
      say({ lost: id });
      continue;
    }
    try {
      ops.done(g, id, { agent, result: JSON.stringify({ by: agent }) });
      say({ done: id });
    } catch (e) {
      if (!isUserError(e)) throw e;
      say({ refused: id, why: (e as Error).message });
    }
  }
}

/** Random plan changes against live tasks; refusals (cycles, finished tasks…) are expected. */
function plannerLoop(g: Graph, agent: string, seed: number, steps: number): void {
  const rand = rng(seed);
  const pick = <T>(xs: T[]): T | undefined => xs[Math.floor(rand() * xs.length)];
  const counts: Record<string, number> = {};
  let refused = 0;
  for (let i = 0; i < steps; i++) {
    const live = (g.stmt(`SELECT id, kind, status FROM tasks WHERE status IN ('pending', 'ready', 'claimed', 'running')`).all() as { id: string; kind: string; status: string }[]);
    const a = pick(live);
    const b = pick(live);
    if (!a || !b) break;
    const op = pick(['insert', 'amend', 'split', 'decompose', 'pivot', 'replan', 'cancel', 'dep', 'what-if', 'add'])!;
    const titles = [`${op} ${i}a`, `${op} ${i}b`];
    try {
      switch (op) {
        case 'insert':
          ops.insertStep(g, titles[0], { after: a.id, before: rand() < 0.5 ? b.id : undefined });
          break;
        case 'amend':
          ops.amendTask(g, a.id, `context ${i}`, { agent });
          break;
        case 'split':
          ops.splitTask(g, a.id, ops.specsFrom({ titles, chain: rand() < 0.5 }), {});
          break;
        case 'decompose':
          ops.decomposeTask(g, a.id, ops.specsFrom({ specText: JSON.stringify([titles[0], { title: titles[1], after: ['#1'] }]) }), {});
          break;
        case 'pivot':
          ops.pivotTask(g, a.id, ops.specsFrom({ titles }), { reason: 'chaos' });
          break;
        case 'replan':
          ops.replanTask(g, a.id, ops.specsFrom({ titles }), {});
          break;
        case 'cancel':
          if (rand() < 0.3) ops.cancel(g, a.id, { reason: 'chaos' });
          else ops.cancel(g, a.id, { whatIf: true });
          break;
        case 'dep':
          ops.depAdd(g, a.id, b.id, { kind: pick(['blocks', 'feeds_into', 'suggests']) });
          break;
        case 'what-if':
          ops.pivotTask(g, a.id, ops.specsFrom({ titles }), { whatIf: true });
          break;
        case 'add':
          ops.add(g, titles[0], { after: rand() < 0.5 ? [a.id] : [], leaseSeconds: 1, maxRetries: 20 });
          break;
      }
      counts[op] = (counts[op] ?? 0) + 1;
    } catch (e) {
      if (!isUserError(e)) throw e;
      refused++;
    }
    sleep(5 + Math.floor(rand() * 30));
  }
  say({ planner: agent, applied: counts, refused });
}

function main(): void {
  const [location, agent, mode = 'claim', arg1, arg2] = process.argv.slice(2);
  const project = mode === 'claim' || mode === 'complete' ? (arg1 ?? 'default') : 'default';
  const g = Graph.open(location, { project });
  try {
    if (mode === 'agent') agentLoop(g, agent, Number(arg1 ?? 1));
    else if (mode === 'planner') plannerLoop(g, agent, Number(arg1 ?? 1), Number(arg2 ?? 100));
    else claimLoop(g, agent, mode);
  } finally {
    g.close();
  }
}

main();
