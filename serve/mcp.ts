// `agentdag mcp`: the task graph as MCP tools over stdio, for Claude Code or any MCP client
// (the tools: serve/mcp-tools.ts). One long-lived connection to the graph per server process.
// Each MCP connection is its own agent: a call that names none acts as the Claude Code session
// when known (AGENTDAG_SESSION_ID, or a `session` argument), else as the client's name plus a
// connection id, so two MCP agents on one host are told apart and their claims are measured.
import { randomBytes } from 'node:crypto';
import { isUserError, type UserError } from '../core/errors';
import { plain } from '../core/json';
import { dataPaths, openDataDir } from '../core/data-dir';
import { version } from '../core/package';
import { Graph } from '../state/graph';
import { journalLastSeen } from '../state/liveness';
import { graphLocation } from '../state/store/open';
import { checkToolArgs } from './mcp-args';
import { LineTransport } from './mcp-stdio';
import { TOOLS, type Connection } from './mcp-tools';

export { TOOLS };

/** A connection's identity when the call names no agent: `<client name>#<6 random characters>`. */
export function connectionAgent(clientName: string | undefined): string {
  const name = (clientName ?? 'mcp-client').replace(/[^\w.@-]+/g, '-').slice(0, 60) || 'mcp-client';
  return `${name}#${randomBytes(4).toString('base64url').slice(0, 6)}`;
}

function toolError(text: string) {
  return { isError: true, content: [{ type: 'text' as const, text }] };
}

function worded(e: UserError): string {
  const fixText = e.fixFor('mcp');
  return `${e.message}${e.field ? ` (argument: ${e.field})` : ''}${fixText ? `\nfix: ${fixText}` : ''}`;
}

/** Run one tool call: a JSON text result, or an error result that names the fix. */
export function callTool(g: Graph, name: string, args: unknown, conn: Connection = { agent: connectionAgent(undefined), session: null }) {
  const tool = TOOLS.find((t) => t.name === name);
  if (!tool) return toolError(`unknown tool "${name}"; tools: ${TOOLS.map((t) => t.name).join(', ')}`);
  try {
    const value = tool.run(g, checkToolArgs(tool, args), conn);
    return { content: [{ type: 'text' as const, text: JSON.stringify(plain(value), null, 2) }] };
  } catch (e) {
    return toolError(isUserError(e) ? worded(e) : `internal error: ${(e as Error).message}`);
  }
}

export async function serveMcp(opts: { project?: string }): Promise<void> {
  const { Server } = await import('@modelcontextprotocol/sdk/server/index.js');
  const { ListToolsRequestSchema, CallToolRequestSchema, JSONRPCMessageSchema } = await import('@modelcontextprotocol/sdk/types.js');
  const paths = dataPaths(openDataDir());
  const g = Graph.open(graphLocation(paths.tasks), { project: opts.project, lastSeen: journalLastSeen(paths) });
  const server = new Server(
    { name: 'agentdag', version: version() },
    {
      capabilities: { tools: {} },
      instructions:
        'agentdag task graph. Work loop: task_go → do the work (task_heartbeat for long work) → task_done with a JSON result. ' +
        'Change the plan with task_insert, task_amend, task_split, task_decompose, task_pivot, task_replan; preview destructive ones with what_if.',
    },
  );
  // Named once the client has said who it is (initialize); one id for the life of this connection.
  let conn: Connection | null = null;
  const connection = (): Connection => (conn ??= { agent: connectionAgent(server.getClientVersion()?.name), session: process.env.AGENTDAG_SESSION_ID || null });
  server.setRequestHandler(ListToolsRequestSchema, async () => ({
    tools: TOOLS.map((t) => ({ name: t.name, description: t.description, inputSchema: t.inputSchema })),
  }));
  server.setRequestHandler(CallToolRequestSchema, async (req) => callTool(g, req.params.name, req.params.arguments ?? {}, connection()));
  const transport = new LineTransport({ isMessage: (v) => JSONRPCMessageSchema.safeParse(v).success });
  const closed = new Promise<void>((resolve) => {
    transport.onclose = () => resolve();
  });
  await server.connect(transport);
  await closed;
  g.close();
}
