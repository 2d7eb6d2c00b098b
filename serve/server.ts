// `agentdag serve`: a read-only HTTP server on loopback. JSON endpoints read the published
// warehouse (opened per request, see warehouse-reader.ts); the live parts (SSE events, active
// agents) read the SQLite task graph read-only. Nothing here writes anywhere.
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as path from 'node:path';
import type { AddressInfo } from 'node:net';
import { packageRoot } from '../core/package';
import type { DataPaths } from '../core/data-dir';
import { hostHeaderAllowed, isLoopbackHost, presentedToken, TOKEN_COOKIE, tokenMatches } from './bind-policy';
import { HttpError, intParam, sendError, sendFile, sendJson } from './http-util';
import { WarehouseReader, WarehouseUnavailable } from './warehouse-reader';
import { graphExists, TaskEventStream } from '../state/read';
import { getExecution, getSubSteps, listExecutions } from './api-executions';
import { concurrency, costByModel, hostParam, hosts, routingSuccess, taskCost, waves } from './api-dashboard';
import { liveAgents } from './api-live';
import { listSessions, sessionTrace } from './api-sessions';
import { dashboardHtml } from './dashboard-page';
import { noSessionPage, sessionPage } from './session-page';

const HTML = 'text/html; charset=utf-8';

export interface ServeOptions {
  host: string;
  port: number;
  token?: string;
  paths: DataPaths;
  /** How often the SSE stream polls the task graph (ms). */
  pollMs?: number;
}

export interface RunningServer {
  url: string;
  close(): Promise<void>;
}

const STATIC: Record<string, { file: () => string; type: string }> = {
  '/assets/app.js': { file: () => path.join(packageRoot(), 'serve', 'public', 'app.js'), type: 'text/javascript; charset=utf-8' },
  '/assets/app.css': { file: () => path.join(packageRoot(), 'serve', 'public', 'app.css'), type: 'text/css; charset=utf-8' },
  '/assets/session.css': { file: () => path.join(packageRoot(), 'serve', 'public', 'session.css'), type: 'text/css; charset=utf-8' },
  // Chart.js from node_modules, never a CDN: the dashboard must work offline.
  '/assets/chart.umd.min.js': { file: () => path.join(path.dirname(require.resolve('chart.js')), 'chart.umd.min.js'), type: 'text/javascript; charset=utf-8' },
};

export async function startServer(opts: ServeOptions): Promise<RunningServer> {
  const warehouse = new WarehouseReader(opts.paths);
  const events = new TaskEventStream(opts.paths.tasks, opts.pollMs ?? 200);
  const streams = new Set<http.ServerResponse>();
  const loopbackOnly = isLoopbackHost(opts.host) && !opts.token;

  const server = http.createServer((req, res) => {
    void handle(req, res).catch((e: unknown) => {
      if (res.headersSent) return void res.end();
      if (e instanceof HttpError) return sendError(res, e.status, e.message, e.fix);
      if (e instanceof WarehouseUnavailable) return sendError(res, 503, e.message, e.fix);
      sendError(res, 500, (e as Error).message ?? String(e));
    });
  });

  async function handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (loopbackOnly && !hostHeaderAllowed(req.headers.host)) throw new HttpError(421, 'this server answers only to loopback host names');
    if (opts.token) {
      if (!tokenMatches(opts.token, presentedToken(req.headers.authorization, url, req.headers.cookie))) {
        throw new HttpError(401, 'a token is required', 'send "Authorization: Bearer <token>" or add ?token=<token> to the URL');
      }
      if (url.searchParams.has('token')) {
        res.setHeader('set-cookie', `${TOKEN_COOKIE}=${encodeURIComponent(opts.token)}; HttpOnly; SameSite=Strict; Path=/`);
      }
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') throw new HttpError(405, 'this server is read-only: GET only');

    if (url.pathname === '/favicon.ico') return void res.writeHead(204).end();
    if (url.pathname === '/') return sendFile(res, Buffer.from(await dashboardHtml(warehouse, opts.paths)), HTML);
    const staticFile = STATIC[url.pathname];
    if (staticFile) return sendFile(res, fs.readFileSync(staticFile.file()), staticFile.type);

    const p = url.pathname.replace(/\/+$/, '');
    let m: RegExpExecArray | null;
    if (p === '/api/v1/health') return sendJson(res, 200, { ok: true, warehouse: fs.existsSync(opts.paths.warehouse), taskGraph: graphExists(opts.paths.tasks) });
    if (p === '/api/v1/dag-executions') return sendJson(res, 200, await listExecutions(warehouse, url));
    if ((m = /^\/api\/v1\/dag-executions\/([^/]+)\/sub-steps$/.exec(p))) return sendJson(res, 200, await getSubSteps(warehouse, decodeURIComponent(m[1])));
    if ((m = /^\/api\/v1\/dag-executions\/([^/]+)$/.exec(p))) return sendJson(res, 200, await getExecution(warehouse, decodeURIComponent(m[1])));
    const host = hostParam(url); // ?host=NAME: one machine of a team warehouse
    if (p === '/api/v1/waves') return sendJson(res, 200, await waves(warehouse, host));
    if (p === '/api/v1/concurrency') return sendJson(res, 200, await concurrency(warehouse, host));
    if (p === '/api/v1/cost-by-model') return sendJson(res, 200, await costByModel(warehouse, host));
    if (p === '/api/v1/routing-success') return sendJson(res, 200, await routingSuccess(warehouse, host));
    if (p === '/api/v1/task-cost') return sendJson(res, 200, await taskCost(warehouse, host));
    if (p === '/api/v1/hosts') return sendJson(res, 200, await hosts(warehouse));
    if (p === '/api/v1/agents/live') return sendJson(res, 200, liveAgents(opts.paths.tasks));
    if (p === '/api/v1/sessions') return sendJson(res, 200, await listSessions(warehouse, url));
    if ((m = /^\/api\/v1\/sessions\/([^/]+)\/trace$/.exec(p))) return sendJson(res, 200, await sessionTrace(warehouse, decodeURIComponent(m[1])));
    if ((m = /^\/sessions\/([^/]+)$/.exec(p))) return sessionHtml(res, decodeURIComponent(m[1]));
    if (p === '/api/v1/events') return streamEvents(req, res, url);
    throw new HttpError(404, `no route ${url.pathname}`, 'see `agentdag serve --help` for the endpoints');
  }

  /** The session page: its waterfall drawn on the server, or a page that says why there is none. */
  async function sessionHtml(res: http.ServerResponse, id: string): Promise<void> {
    try {
      sendFile(res, Buffer.from(sessionPage(await sessionTrace(warehouse, id))), HTML);
    } catch (e) {
      if (!(e instanceof HttpError || e instanceof WarehouseUnavailable)) throw e;
      const status = e instanceof HttpError ? e.status : 503;
      sendFile(res, Buffer.from(noSessionPage(id, e.message, e.fix ?? '')), HTML, status);
    }
  }

  /** SSE: every task-graph event after Last-Event-ID (or ?after=N; default: from now on). */
  function streamEvents(req: http.IncomingMessage, res: http.ServerResponse, url: URL): void {
    const lastEventId = req.headers['last-event-id'];
    const after =
      typeof lastEventId === 'string' && /^\d+$/.test(lastEventId)
        ? Number(lastEventId)
        : url.searchParams.has('after')
          ? intParam(url, 'after', 0, 0, Number.MAX_SAFE_INTEGER)
          : events.latestId();
    res.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-store',
      connection: 'keep-alive',
      'x-content-type-options': 'nosniff',
    });
    res.write(`retry: 1000\n: streaming task-graph events after id ${after}\n\n`);
    streams.add(res);
    const unsubscribe = events.subscribe(after, (ev) => {
      res.write(`id: ${ev.id}\ndata: ${JSON.stringify(ev)}\n\n`);
    });
    // A comment every 15 s keeps proxies and idle timeouts from closing a quiet stream.
    const keepAlive = setInterval(() => res.write(': ping\n\n'), 15_000);
    const end = () => {
      clearInterval(keepAlive);
      unsubscribe();
      streams.delete(res);
    };
    req.on('close', end);
    res.on('error', end);
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, opts.host, () => resolve());
  });
  const addr = server.address() as AddressInfo;
  const hostInUrl = addr.family === 'IPv6' ? `[${addr.address}]` : addr.address;
  return {
    url: `http://${hostInUrl}:${addr.port}`,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of streams) s.end();
        events.close();
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
