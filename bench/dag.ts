// Bench suite "dag": the task-graph snapshot and the DAG models at 1k and 10k tasks (100k with
// --full), each as a ratio to a baseline measured in the same run:
//   snapshot (first, full copy)  vs  better-sqlite3 reading the same tasks + events (the floor:
//                                     any snapshot must at least read them)
//   snapshot (no new events)     vs  the same baseline
//   snapshot (10 new events)     vs  the same baseline (only the 5 changed tasks are re-read)
//   model build after a snapshot vs  one CREATE TABLE AS over tg_stg_tasks (one pass over the tasks)
//   waves in SQL (tg_task_levels) vs  the same waves in JavaScript (Kahn's order) over the same rows
//   SSE delivery latency         vs  the server's poll interval (see sseLatency)
// The graph: layers of 100 tasks, each task blocked by 2 random tasks of the previous layer and,
// for every 4th task, 1 random task of any earlier layer (paths of several lengths: the
// longest-path wave computation has real work to do); 3/4 of the tasks done through claims.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { openDb } from '../state/db';
import { snapshotTaskGraph } from '../ingest/task-graph';
import { taskWaves, type Dependency, type LevelTask } from '../state/waves';
import { buildModels } from '../warehouse/build';
import { effectivePrices } from '../warehouse/pricing';
import { applyRawSchema } from '../warehouse/schema';
import { readSql } from '../warehouse/sql-files';
import { median, percentiles } from './stats';

function makeGraph(file: string, n: number): void {
  const db = openDb(file);
  const width = 100;
  let seed = 42;
  const rand = (k: number) => ((seed = (seed * 1103515245 + 12345) % 2 ** 31), seed % k);
  db.transaction(() => {
    db.prepare("INSERT INTO projects (id, name) VALUES ('p-bench', 'bench')").run();
    const ins = db.prepare("INSERT INTO tasks (id, project_id, title, status, ready_at) VALUES (?, 'p-bench', ?, 'ready', strftime('%Y-%m-%dT%H:%M:%fZ','now'))");
    const dep = db.prepare('INSERT OR IGNORE INTO dependencies (from_task, to_task) VALUES (?, ?)');
    const id = (i: number) => `t-${String(i).padStart(8, '0')}`;
    for (let i = 0; i < n; i++) ins.run(id(i), `task ${i}`);
    for (let i = width; i < n; i++) {
      const layer = Math.floor(i / width);
      dep.run(id((layer - 1) * width + rand(width)), id(i));
      dep.run(id((layer - 1) * width + rand(width)), id(i));
      if (i % 4 === 0) dep.run(id(rand(layer * width)), id(i));
    }
    const claim = db.prepare("UPDATE tasks SET status = 'claimed', agent_id = ?, session_id = ?, claimed_at = strftime('%Y-%m-%dT%H:%M:%fZ','now'), lease_expires_at = '2099-01-01T00:00:00Z' WHERE id = ?");
    const done = db.prepare("UPDATE tasks SET status = 'done', completed_at = strftime('%Y-%m-%dT%H:%M:%fZ','now'), lease_expires_at = NULL WHERE id = ?");
    for (let i = 0; i < n; i++) {
      if (i % 4 === 3) continue;
      claim.run(`agent-${i % 8}`, `session-${i % 8}`, id(i));
      done.run(id(i));
    }
  })();
  db.close();
}

/** Claims and completes five still-open tasks: 10 new events (a typical ingest's worth). */
function touchFiveTasks(file: string): void {
  const db = openDb(file);
  const open = db.prepare("SELECT id FROM tasks WHERE status = 'ready' ORDER BY id LIMIT 5").all() as { id: string }[];
  db.transaction(() => {
    for (const { id } of open) {
      db.prepare("UPDATE tasks SET status = 'claimed', agent_id = 'a', session_id = 's', claimed_at = strftime('%Y-%m-%dT%H:%M:%fZ','now'), lease_expires_at = '2099-01-01T00:00:00Z' WHERE id = ?").run(id);
      db.prepare("UPDATE tasks SET status = 'done', completed_at = strftime('%Y-%m-%dT%H:%M:%fZ','now'), lease_expires_at = NULL WHERE id = ?").run(id);
    }
  })();
  db.close();
}

export async function run(flags: string[]): Promise<void> {
  const sizes = flags.includes('--full') ? [1_000, 10_000, 100_000] : [1_000, 10_000];
  const runs = flags.includes('--quick') ? 3 : 5;
  const { DuckDBInstance } = await import('@duckdb/node-api');
  process.stdout.write('| tasks | events | step | median | baseline | ratio |\n|---|---|---|---|---|---|\n');
  for (const n of sizes) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'agentdag-bench-dag-'));
    const tasksFile = path.join(dir, 'tasks.sqlite');
    makeGraph(tasksFile, n);
    const db = openDb(tasksFile, { readonly: true });
    const events = (db.prepare('SELECT count(*) AS n FROM events').get() as { n: number }).n;
    const base: number[] = [];
    for (let i = 0; i < runs; i++) {
      const t = performance.now();
      db.prepare('SELECT * FROM tasks').all();
      db.prepare('SELECT * FROM events').all();
      db.prepare('SELECT * FROM dependencies').all();
      base.push(performance.now() - t);
    }
    db.close();
    const full: number[] = [];
    const noop: number[] = [];
    const small: number[] = [];
    const models: number[] = [];
    const onePass: number[] = [];
    const wavesSql: number[] = [];
    const wavesJs: number[] = [];
    for (let i = 0; i < runs; i++) {
      const inst = await DuckDBInstance.create(path.join(dir, `w${i}.duckdb`));
      const conn = await inst.connect();
      await applyRawSchema(conn);
      const build = () => buildModels(conn, { prices: effectivePrices(path.join(dir, 'no-pricing.json')).rows, scratchDir: dir });
      await build(); // the warehouse's own (empty) models, before any task graph
      let t = performance.now();
      await snapshotTaskGraph(conn, tasksFile);
      full.push(performance.now() - t);
      t = performance.now();
      await snapshotTaskGraph(conn, tasksFile);
      noop.push(performance.now() - t);
      touchFiveTasks(tasksFile);
      t = performance.now();
      await snapshotTaskGraph(conn, tasksFile);
      small.push(performance.now() - t);
      t = performance.now();
      const built = await build(); // a new snapshot and no session: the task-graph models and the report tables
      if (built.mode === 'skipped') throw new Error('bench dag: the build after a snapshot was skipped');
      models.push(performance.now() - t);
      t = performance.now();
      await conn.run('CREATE OR REPLACE TABLE bench_one_pass AS SELECT * FROM tg_stg_tasks');
      onePass.push(performance.now() - t);
      t = performance.now();
      await conn.run(`CREATE OR REPLACE TEMP TABLE bench_levels AS ${readSql('facts', 'tg_task_levels').replace(/^(--[^\n]*\n)+/, '')}`);
      wavesSql.push(performance.now() - t);
      const tasks = (await conn.runAndReadAll('SELECT task_id AS id, parent_task_id, kind FROM tg_stg_tasks')).getRowObjectsJS() as unknown as LevelTask[];
      const deps = (await conn.runAndReadAll('SELECT from_task, to_task, kind FROM tg_stg_dependencies')).getRowObjectsJS() as unknown as Dependency[];
      t = performance.now();
      taskWaves(tasks, deps);
      wavesJs.push(performance.now() - t);
      conn.closeSync();
      inst.closeSync();
    }
    const row = (step: string, xs: number[], b: number[]) =>
      process.stdout.write(`| ${n.toLocaleString('en')} | ${events.toLocaleString('en')} | ${step} | ${median(xs).toFixed(1)} ms | ${median(b).toFixed(1)} ms | ×${(median(xs) / median(b)).toFixed(1)} |\n`);
    row('snapshot, first (full copy)', full, base);
    row('snapshot, no new events', noop, base);
    row('snapshot, 10 new events', small, base);
    row('model build after a snapshot', models, onePass);
    row('waves in SQL (tg_task_levels)', wavesSql, wavesJs);
    fs.rmSync(dir, { recursive: true, force: true });
  }
  const sse = await sseLatency();
  process.stdout.write(
    `\nSSE delivery of ${sse.n} task-graph events (poll interval ${sse.pollMs} ms): p50 ${sse.p50} ms (×${(sse.p50 / sse.pollMs).toFixed(2)} of the interval), ` +
      `p99 ${sse.p99} ms (×${(sse.p99 / sse.pollMs).toFixed(2)}), max ${sse.max} ms\n`,
  );
}

/**
 * SSE delivery: a child process makes 40 task transitions through the task-graph engine, 50 ms
 * apart; the server (in this process) streams them. Latency = received − the event's created_at
 * (stamped inside the SQLite write). Baseline: the poll interval, so ×1.0 = one full interval.
 */
export async function sseLatency(): Promise<{ p50: number; p99: number; max: number; pollMs: number; n: number }> {
  const { startServer } = await import('../serve/server.js');
  const { dataPaths } = await import('../core/data-dir.js');
  const { spawn } = await import('node:child_process');
  const http = await import('node:http');
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'agentdag-bench-sse-'));
  const paths = dataPaths(home);
  openDb(paths.tasks).close();
  const pollMs = 200;
  const server = await startServer({ host: '127.0.0.1', port: 0, paths, pollMs });
  const latencies: number[] = [];
  await new Promise<void>((resolve, reject) => {
    http.get(`${server.url}/api/v1/events`, (res) => {
      let buf = '';
      res.setEncoding('utf8');
      res.on('data', (d: string) => {
        buf += d;
        let i: number;
        while ((i = buf.indexOf('\n\n')) >= 0) {
          const block = buf.slice(0, i);
          buf = buf.slice(i + 2);
          const data = block.split('\n').find((l) => l.startsWith('data: '));
          if (data) latencies.push(Date.now() - Date.parse(JSON.parse(data.slice(6)).created_at));
        }
      });
      const script = `
        const { Graph } = require(${JSON.stringify(path.join(__dirname, '..', 'state', 'graph.js'))});
        const ops = require(${JSON.stringify(path.join(__dirname, '..', 'state', 'ops.js'))});
        const g = Graph.open(${JSON.stringify(paths.tasks)}, { project: 'bench' });
        let i = 0;
        const t = setInterval(() => { ops.add(g, 'task ' + i); if (++i === 40) { clearInterval(t); g.close(); } }, 50);`;
      const child = spawn(process.execPath, ['-e', script], { stdio: 'inherit' });
      child.on('exit', () => setTimeout(resolve, 3 * pollMs));
      child.on('error', reject);
    }).on('error', reject);
  });
  await server.close();
  fs.rmSync(home, { recursive: true, force: true });
  return { ...percentiles(latencies), pollMs };
}
