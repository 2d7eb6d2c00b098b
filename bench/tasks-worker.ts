// A simulated agent process for the task-graph race tests and the 8-process bench: it opens the
// SQLite file itself and claims (optionally completes) tasks until none are left, then prints
// one JSON line: {agent, claimed: [ids], claims, busy_errors, ms}.
//   node dist/bench/tasks-worker.js FILE AGENT claim|complete [project]
import { Graph } from '../state/graph';
import * as T from '../state/transitions';

function main(): void {
  const [file, agent, mode = 'claim', project = 'default'] = process.argv.slice(2);
  const g = Graph.open(file, { project });
  const actor = { agent, session: null };
  const claimed: string[] = [];
  let busy = 0;
  const t0 = performance.now();
  for (;;) {
    let row;
    try {
      row = g.tx(() => T.claimNext(g, actor));
    } catch (e) {
      if ((e as { code?: string }).code?.startsWith('SQLITE_BUSY')) {
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
    const live = g.db.prepare(`SELECT count(*) AS n FROM tasks WHERE status IN ('pending', 'ready', 'claimed', 'running') AND kind = 'task'`).get() as { n: number };
    if (live.n === 0) break;
    const until = Date.now() + 1;
    while (Date.now() < until) {
      // a 1 ms poll, as in the spike's full-DAG run
    }
  }
  const ms = performance.now() - t0;
  g.close();
  process.stdout.write(JSON.stringify({ agent, claimed, claims: claimed.length, busy_errors: busy, ms }) + '\n');
}

main();
