import * as fs from 'node:fs';
import type { Command } from 'commander';
import { dataPaths } from '../core/data-dir';
import { UserError } from '../core/errors';

/**
 * The token: from --token-file (a file of yours that others cannot read) or AGENTDAG_SERVE_TOKEN.
 * Never from the command line: every local user can read another's arguments in `ps`.
 */
async function serveToken(opts: { token?: string; tokenFile?: string }): Promise<string | undefined> {
  const { TOKEN_FIX } = await import('../serve/bind-policy.js');
  if (opts.token !== undefined) throw new UserError('--token on the command line is visible to every local user (ps, /proc/<pid>/cmdline)', TOKEN_FIX, 2);
  if (opts.tokenFile === undefined) return process.env.AGENTDAG_SERVE_TOKEN || undefined;
  const file = opts.tokenFile;
  let st: fs.Stats;
  try {
    st = fs.statSync(file);
  } catch (e) {
    throw new UserError(`--token-file ${file}: ${(e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (e as Error).message}`, TOKEN_FIX, 2);
  }
  if (!st.isFile()) throw new UserError(`--token-file ${file}: not a regular file`, TOKEN_FIX, 2);
  if (process.platform !== 'win32' && st.mode & 0o077) {
    throw new UserError(`--token-file ${file} can be read by others (mode ${(st.mode & 0o777).toString(8)})`, `chmod 600 '${file.replace(/'/g, `'\\''`)}'`, 2);
  }
  // One trailing newline (echo, openssl rand) is not part of the token; anything else is checked.
  return fs.readFileSync(file, 'utf8').replace(/\r?\n$/, '');
}

/** `agentdag serve`: the loopback dashboard and its read-only JSON/SSE endpoints. */
export function registerServeCommand(program: Command): void {
  program
    .command('serve')
    .description('Serve a read-only dashboard and JSON/SSE endpoints over the warehouse and the live task graph')
    .option('--port <n>', 'TCP port (0 = any free port)', '7777')
    .option('--host <addr>', 'address to bind; anything but loopback requires --token', '127.0.0.1')
    .option('--token-file <file>', 'require the bearer token in this file (Authorization: Bearer … or ?token=…); default $AGENTDAG_SERVE_TOKEN')
    .option('--token <secret>', 'refused: a token on the command line is visible in ps; use --token-file or AGENTDAG_SERVE_TOKEN')
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
  $ AGENTDAG_SERVE_TOKEN=$(openssl rand -hex 32) agentdag serve --host 0.0.0.0
  $ agentdag serve --host 0.0.0.0 --token-file ~/.agentdag-token   # a file only you can read (chmod 600)

A token is 16+ characters without whitespace, about 64 bits or more (openssl rand -hex 32).`,
    )
    .action(async (opts: { port: string; host: string; token?: string; tokenFile?: string; json?: boolean }) => {
      if (!/^\d+$/.test(opts.port) || Number(opts.port) > 65535) throw new UserError(`--port must be 0-65535, got ${opts.port}`, 'e.g. --port 7777', 2);
      // Read here, not as a commander default: --help would print the secret.
      const token = await serveToken(opts);
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
