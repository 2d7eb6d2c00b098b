// A synchronous PostgreSQL client: `pg` (async) runs in a worker thread; the calling thread posts a
// request and sleeps on a shared flag (Atomics.wait) until the worker answers, then takes the
// answer with receiveMessageOnPort. The engine stays one synchronous code path for both stores
// (SQLite's driver is synchronous too). Measured on the 2-core VM: ~0.1 ms per round trip on top
// of pg's own (0.38 vs 0.26 ms p50 for `SELECT $1::int`).
import type { MessagePort, Worker } from 'node:worker_threads';

/** The worker, as source (so it runs from the TypeScript sources in tests and from dist/ alike). */
const WORKER_SOURCE = `
const { workerData } = require('node:worker_threads');
const { port, flag, pgPath, config, setup } = workerData;
const pg = require(pgPath);
const done = new Int32Array(flag);
// Rows as SQLite's driver gives them: integers as numbers, booleans as 1/0, JSON as text.
const asNumber = (v) => { const n = Number(v); return Number.isSafeInteger(n) ? n : v; };
const types = {
  getTypeParser: (oid, format) => {
    if (oid === 20) return asNumber;              // int8 (count, identity ids)
    if (oid === 1700) return (v) => Number(v);    // numeric (round())
    if (oid === 16) return (v) => (v === 't' ? 1 : 0);
    if (oid === 114 || oid === 3802) return (v) => v;
    return pg.types.getTypeParser(oid, format);
  },
};
let client = null;
let lost = null;
const prepared = new Set();
let seq = 0;
function reply(message) {
  port.postMessage({ ...message, seq });
  Atomics.store(done, 0, seq);
  Atomics.notify(done, 0);
}
port.on('message', async (req) => {
  seq = req.seq;
  try {
    if (lost) throw lost;
    if (req.op === 'connect') {
      client = new pg.Client({ ...config, types });
      client.on('error', (e) => { lost = e; });
      await client.connect();
      if (setup) await client.query(setup);
      return reply({ ok: true });
    }
    if (req.op === 'exec') {
      await client.query(req.sql);
      return reply({ ok: true });
    }
    if (req.op === 'query') {
      const q = { text: req.sql, values: req.params };
      if (req.name) q.name = req.name;
      const r = await client.query(q);
      return reply({ rows: r.rows, rowCount: r.rowCount ?? 0 });
    }
    if (req.op === 'close') {
      if (client) await client.end();
      client = null;
      return reply({ ok: true });
    }
    throw new Error('unknown op ' + req.op);
  } catch (e) {
    reply({ error: { message: e.message, code: e.code, detail: e.detail, constraint: e.constraint, errno: e.errno, syscall: e.syscall } });
  }
});
`;

export interface PgError extends Error {
  code?: string;
  detail?: string;
  constraint?: string;
}

export interface QueryResult {
  rows: Record<string, unknown>[];
  rowCount: number;
}

/** How long a call may wait for the worker before it is declared stuck (the server's own timeouts come first). */
const STUCK_MS = 120_000;

export class SyncPg {
  private readonly worker: Worker;
  private readonly port: MessagePort;
  private readonly flag = new Int32Array(new SharedArrayBuffer(4));
  private closed = false;
  private died: Error | null = null;
  /** The number of the call in flight: the worker writes it to the flag when its answer is posted. */
  private seq = 0;

  /** `setup` runs once after connecting (session settings). */
  constructor(config: { connectionString: string }, setup?: string) {
    // Required here: loading worker_threads costs ~6 ms, which every SQLite `task go` would pay.
    const { MessageChannel, Worker } = require('node:worker_threads') as typeof import('node:worker_threads'); // eslint-disable-line @typescript-eslint/no-require-imports
    const { port1, port2 } = new MessageChannel();
    this.port = port1;
    this.worker = new Worker(WORKER_SOURCE, {
      eval: true,
      workerData: { port: port2, flag: this.flag.buffer, pgPath: require.resolve('pg'), config, setup },
      transferList: [port2],
    });
    // A worker that dies is a failed call (below), never an 'error' event left to crash the process.
    this.worker.on('error', (e) => (this.died = e));
    this.worker.on('exit', (code) => (this.died ??= new Error(`the PostgreSQL worker exited (${code})`)));
    // The worker never keeps the process alive on its own: the engine closes it, or exit ends it.
    this.worker.unref();
    this.port.unref();
    this.call({ op: 'connect' });
  }

  query(sql: string, params: unknown[], name?: string): QueryResult {
    return this.call({ op: 'query', sql, params, name }) as QueryResult;
  }

  exec(sql: string): void {
    this.call({ op: 'exec', sql });
  }

  close(): void {
    if (this.closed) return;
    try {
      this.call({ op: 'close' });
    } finally {
      this.closed = true;
      void this.worker.terminate();
    }
  }

  private call(req: Record<string, unknown>): unknown {
    if (this.closed) throw new Error('the PostgreSQL connection is closed');
    const seq = (this.seq = (this.seq % 0x7fffffff) + 1);
    this.port.postMessage({ ...req, seq });
    // Wait until the flag holds this call's number. A wake-up alone proves nothing: the worker's
    // notify for the previous call can land after this call began waiting (seen under load).
    const deadline = Date.now() + STUCK_MS;
    for (let now = Atomics.load(this.flag, 0); now !== seq; now = Atomics.load(this.flag, 0)) {
      if (Atomics.wait(this.flag, 0, now, 1000) === 'timed-out' && Date.now() > deadline) {
        throw new Error(`the PostgreSQL worker did not answer within ${STUCK_MS / 1000} s${this.died ? `: ${this.died.message}` : ''}`);
      }
    }
    const { receiveMessageOnPort } = require('node:worker_threads') as typeof import('node:worker_threads'); // eslint-disable-line @typescript-eslint/no-require-imports
    let got = receiveMessageOnPort(this.port);
    while (got && (got.message as { seq: number }).seq !== seq) got = receiveMessageOnPort(this.port); // never expected: a stale answer
    if (!got) throw new Error('the PostgreSQL worker answered nothing');
    const m = got.message as { error?: Record<string, string> } & Record<string, unknown>;
    if (m.error) throw Object.assign(new Error(m.error.message), m.error) as PgError;
    return m;
  }
}
