import type { Command } from 'commander';
import { dataPaths } from '../core/data-dir';
import { UserError } from '../core/errors';

/** `agentdag serve`: the loopback dashboard and its read-only JSON/SSE endpoints. */
export function registerServeCommand(program: Command): void {
  program
    .command('serve')
    .description('Serve a read-only dashboard and JSON/SSE endpoints over the warehouse and the live task graph')
    .option('--port <n>', 'TCP port (0 = any free port)', '7777')
    .option('--host <addr>', 'address to bind; anything but loopback requires --token', '127.0.0.1')
    .option('--token <secret>', 'require this bearer token (Authorization: Bearer … or ?token=…); default $AGENTDAG_SERVE_TOKEN')
    .option('--json', 'print {"url": …} on stdout once listening')
    .addHelpText(
      'after',
      `
Endpoints (all GET, read-only):
  /                                     the dashboard: wave timeline, parallel agents, cost by model, routing success
  /api/v1/dag-executions?limit=&offset=&status=   DAG executions (one per task-graph project), newest first
  /api/v1/dag-executions/<id>           one execution with its sub-steps
  /api/v1/dag-executions/<id>/sub-steps the sub-steps alone
  /api/v1/events[?after=<event id>]     Server-Sent Events: every task-graph transition, live
  /api/v1/waves  /api/v1/concurrency  /api/v1/cost-by-model  /api/v1/routing-success  /api/v1/task-cost  /api/v1/agents/live
  /api/v1/hosts                         the machines of a team warehouse; ?host=NAME on the dashboard panels keeps one

The warehouse is what \`agentdag ingest\` last published; the task graph is read live.

Examples:
  $ agentdag serve                       # http://127.0.0.1:7777
  $ agentdag serve --port 0 --json       # any free port; prints {"url":"http://127.0.0.1:…"}
  $ curl -N http://127.0.0.1:7777/api/v1/events
  $ agentdag serve --host 0.0.0.0 --token "$(openssl rand -hex 16)"`,
    )
    .action(async (opts: { port: string; host: string; token?: string; json?: boolean }) => {
      if (!/^\d+$/.test(opts.port) || Number(opts.port) > 65535) throw new UserError(`--port must be 0-65535, got ${opts.port}`, 'e.g. --port 7777', 2);
      // Read here, not as a commander default: --help would print the secret.
      const token = opts.token ?? (process.env.AGENTDAG_SERVE_TOKEN || undefined);
      const { checkBindPolicy } = await import('../serve/bind-policy.js');
      checkBindPolicy(opts.host, token);
      const { startServer } = await import('../serve/server.js');
      const paths = dataPaths();
      let server;
      try {
        server = await startServer({ host: opts.host, port: Number(opts.port), token, paths });
      } catch (e) {
        const code = (e as NodeJS.ErrnoException).code;
        if (code === 'EADDRINUSE') throw new UserError(`port ${opts.port} is already in use`, 'pick another with --port, or --port 0 for any free port');
        throw e;
      }
      if (opts.json) process.stdout.write(JSON.stringify({ url: server.url }) + '\n');
      else process.stderr.write(`agentdag: serving ${server.url}  (Ctrl-C to stop)\n`);
      await new Promise<void>((resolve) => {
        const stop = () => void server.close().then(resolve);
        process.once('SIGINT', stop);
        process.once('SIGTERM', stop);
      });
    });
}
