// `agentdag mcp`: the task graph as MCP tools over stdio, for Claude Code or any MCP client.
// The porcelain (go, done, add, list, show, status), the lease plumbing an agent needs
// (heartbeat, progress, fail) and plan adaptation, each destructive one with `what_if`.
// The tools call the same state/ops.ts functions as the CLI, on one long-lived connection.
import { isUserError } from '../core/errors';
import { plain } from '../core/json';
import { dataPaths, openDataDir } from '../core/data-dir';
import { Graph } from '../state/graph';
import * as ops from '../state/ops';
import { parseStatuses } from '../state/queries';
import { normalizeSpecs, parseSpecText, TaskSpec } from '../state/spec';
import { version } from '../core/package';

type Args = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

interface Tool {
  name: string;
  description: string;
  inputSchema: { type: 'object'; properties: Record<string, unknown>; required?: string[] };
  run: (g: Graph, a: Args) => unknown;
}

const str = (description: string) => ({ type: 'string', description });
const strs = (description: string) => ({ type: 'array', items: { type: 'string' }, description });
const bool = (description: string) => ({ type: 'boolean', description });
const int = (description: string) => ({ type: 'integer', description });
const ID = str('task id or a unique prefix of it (e.g. "t-3k9x2m7q" or "3k9x")');
const AGENT = str('who is acting (default: $AGENTDAG_SESSION_ID, else user@host)');
const FORCE = bool('act on a task another agent holds');
const WHAT_IF = bool('preview only: report what would be cancelled, stranded or interrupted, and change nothing');
const SPEC = {
  description:
    'subtasks: a list of titles, or of {key, title, description, priority, after: [key|id], inputs: [key|id]}; or the same as YAML/JSON text. after = blocks edges, inputs = feeds_into edges',
  anyOf: [{ type: 'string' }, { type: 'array' }, { type: 'object' }],
};

function specs(a: Args): TaskSpec[] {
  if (a.spec !== undefined) return typeof a.spec === 'string' ? parseSpecText(a.spec, 'spec') : normalizeSpecs(a.spec, 'spec');
  return ops.specsFrom({ titles: a.titles, chain: a.chain });
}

export const TOOLS: Tool[] = [
  {
    name: 'task_go',
    description: 'Claim and start the best ready task. Returns the task and the results of the tasks that feed into it (handoff), or task=null with the reason when nothing is ready.',
    inputSchema: { type: 'object', properties: { agent: AGENT } },
    run: (g, a) => ops.go(g, { agent: a.agent }),
  },
  {
    name: 'task_done',
    description: 'Mark a task done (from ready, claimed or running) with an optional JSON result; promotes the tasks it unblocks.',
    inputSchema: {
      type: 'object',
      properties: { id: ID, result: { description: 'any JSON value; handed to feeds_into dependents' }, partial: bool('finished only in part (done_partial)'), agent: AGENT, force: FORCE, what_if: WHAT_IF },
      required: ['id'],
    },
    run: (g, a) => ops.done(g, a.id, { agent: a.agent, force: a.force, result: a.result === undefined ? undefined : JSON.stringify(a.result), partial: a.partial, whatIf: a.what_if }),
  },
  {
    name: 'task_add',
    description: 'Create a task. It is ready at once unless it depends on unfinished work.',
    inputSchema: {
      type: 'object',
      properties: {
        title: str('what to do'),
        description: str('details for the agent that takes it'),
        priority: int('higher runs first (default 0)'),
        parent: str('make it a subtask of this task'),
        after: strs('blocking dependencies (ids): these finish first'),
        feeds_from: strs('feeds_into dependencies (ids): their results arrive in the handoff'),
        tags: strs('tags'),
      },
      required: ['title'],
    },
    run: (g, a) => ops.add(g, a.title, { description: a.description, priority: a.priority, parent: a.parent, after: a.after, feedsFrom: a.feeds_from, tags: a.tags }).result,
  },
  {
    name: 'task_list',
    description: 'List tasks: live work by default; ready=true gives the queue in claim order.',
    inputSchema: {
      type: 'object',
      properties: { status: str('comma-separated statuses'), all: bool('include done and cancelled'), ready: bool('only the ready queue'), parent: str('only subtasks of this task'), limit: int('max rows') },
    },
    run: (g, a) => ops.list(g, { status: parseStatuses(a.status), all: a.all, ready: a.ready, parent: a.parent, limit: a.limit }),
  },
  {
    name: 'task_show',
    description: 'One task in full: edges, subtasks, handoff, notes, files, recent events.',
    inputSchema: { type: 'object', properties: { id: ID }, required: ['id'] },
    run: (g, a) => ops.show(g, a.id),
  },
  {
    name: 'task_status',
    description: 'Project progress: counts by status, agents holding work with heartbeat age, the next ready tasks.',
    inputSchema: { type: 'object', properties: {} },
    run: (g) => ops.status(g),
  },
  {
    name: 'task_heartbeat',
    description: 'Renew the lease on a task you hold. An error means the lease was lost: stop working on that task.',
    inputSchema: { type: 'object', properties: { id: ID, agent: AGENT, force: FORCE }, required: ['id'] },
    run: (g, a) => ops.heartbeat(g, a.id, { agent: a.agent, force: a.force }),
  },
  {
    name: 'task_progress',
    description: 'Report progress (0-100) with a note; also renews the lease.',
    inputSchema: { type: 'object', properties: { id: ID, percent: int('0 to 100'), note: str('what is done so far'), agent: AGENT }, required: ['id', 'percent'] },
    run: (g, a) => ops.progress(g, a.id, a.percent, a.note ?? null, { agent: a.agent }),
  },
  {
    name: 'task_claim',
    description: 'Claim a ready task without starting it (task_go claims and starts in one call). Without id: the best ready task.',
    inputSchema: { type: 'object', properties: { id: ID, agent: AGENT } },
    run: (g, a) => ops.claim(g, a.id, { agent: a.agent }),
  },
  {
    name: 'task_start',
    description: 'Start a task you claimed (claimed → running).',
    inputSchema: { type: 'object', properties: { id: ID, agent: AGENT }, required: ['id'] },
    run: (g, a) => ops.start(g, a.id, { agent: a.agent }),
  },
  {
    name: 'task_pause',
    description: 'Release a claimed or running task back to the ready queue (no retry is used).',
    inputSchema: { type: 'object', properties: { id: ID, agent: AGENT, force: FORCE, what_if: WHAT_IF }, required: ['id'] },
    run: (g, a) => ops.pause(g, a.id, { agent: a.agent, force: a.force, whatIf: a.what_if }),
  },
  {
    name: 'task_retry',
    description: 'Put a failed task back in the queue while retries remain (force: one more past the limit).',
    inputSchema: { type: 'object', properties: { id: ID, force: bool('allow one more retry past the limit'), what_if: WHAT_IF }, required: ['id'] },
    run: (g, a) => ops.retry(g, a.id, { force: a.force, whatIf: a.what_if }),
  },
  {
    name: 'task_sweep',
    description: 'Return tasks whose lease expired to the queue (or fail them when out of retries). Other calls also do this on the way.',
    inputSchema: { type: 'object', properties: {} },
    run: (g) => ops.sweep(g),
  },
  {
    name: 'task_fail',
    description: 'Mark a claimed or running task failed, saying why.',
    inputSchema: { type: 'object', properties: { id: ID, error: str('what went wrong'), agent: AGENT, force: FORCE, what_if: WHAT_IF }, required: ['id', 'error'] },
    run: (g, a) => ops.fail(g, a.id, a.error, { agent: a.agent, force: a.force, whatIf: a.what_if }),
  },
  {
    name: 'task_cancel',
    description: 'Cancel a task and its unfinished subtasks. Use what_if first to see what would be stranded.',
    inputSchema: { type: 'object', properties: { id: ID, reason: str('why'), what_if: WHAT_IF }, required: ['id'] },
    run: (g, a) => ops.cancel(g, a.id, { reason: a.reason, whatIf: a.what_if }),
  },
  {
    name: 'task_dep_add',
    description: 'Add a dependency: FROM must finish before TO. Refused, naming the cycle, if it would close one.',
    inputSchema: {
      type: 'object',
      properties: {
        from: ID,
        to: ID,
        kind: { type: 'string', enum: ['blocks', 'feeds_into', 'suggests'], description: 'blocks (default), feeds_into (passes the result), suggests (soft)' },
        condition: { type: 'string', enum: ['on_success', 'on_failure', 'always'] },
        what_if: WHAT_IF,
      },
      required: ['from', 'to'],
    },
    run: (g, a) => ops.depAdd(g, a.from, a.to, { kind: a.kind, condition: a.condition, whatIf: a.what_if }),
  },
  {
    name: 'task_dep_rm',
    description: 'Remove the dependency FROM → TO; TO becomes ready if nothing else holds it.',
    inputSchema: { type: 'object', properties: { from: ID, to: ID, what_if: WHAT_IF }, required: ['from', 'to'] },
    run: (g, a) => ops.depRm(g, a.from, a.to, { whatIf: a.what_if }),
  },
  {
    name: 'task_insert',
    description: 'Add a step between tasks (after and/or before), rewiring their dependency edges through it.',
    inputSchema: { type: 'object', properties: { title: str('the new step'), after: ID, before: ID, description: str('details'), what_if: WHAT_IF }, required: ['title'] },
    run: (g, a) => ops.insertStep(g, a.title, { after: a.after, before: a.before, description: a.description, whatIf: a.what_if }),
  },
  {
    name: 'task_amend',
    description: "Prepend new context to a future task's description.",
    inputSchema: { type: 'object', properties: { id: ID, text: str('the context'), what_if: WHAT_IF }, required: ['id', 'text'] },
    run: (g, a) => ops.amendTask(g, a.id, a.text, { whatIf: a.what_if }),
  },
  {
    name: 'task_pivot',
    description: 'Replace a task and its subtree with new tasks: the old ones are cancelled and their dependents rewired to the replacements.',
    inputSchema: { type: 'object', properties: { id: ID, titles: strs('replacement titles'), spec: SPEC, chain: bool('titles run one after another'), reason: str('why'), what_if: WHAT_IF }, required: ['id'] },
    run: (g, a) => ops.pivotTask(g, a.id, specs(a), { reason: a.reason, whatIf: a.what_if }),
  },
  {
    name: 'task_split',
    description: 'Break a task into parts; it becomes their composite parent, so its dependencies are kept.',
    inputSchema: { type: 'object', properties: { id: ID, titles: strs('the parts'), spec: SPEC, chain: bool('parts run one after another'), what_if: WHAT_IF }, required: ['id'] },
    run: (g, a) => ops.splitTask(g, a.id, specs(a), { whatIf: a.what_if }),
  },
  {
    name: 'task_decompose',
    description: 'Create subtasks from a spec; the task becomes composite and finishes when they do.',
    inputSchema: { type: 'object', properties: { id: ID, spec: SPEC, what_if: WHAT_IF }, required: ['id', 'spec'] },
    run: (g, a) => ops.decomposeTask(g, a.id, specs(a), { whatIf: a.what_if }),
  },
  {
    name: 'task_replan',
    description: "Cancel a composite task's subtasks that have not started and create new ones from a spec.",
    inputSchema: { type: 'object', properties: { id: ID, spec: SPEC, what_if: WHAT_IF }, required: ['id', 'spec'] },
    run: (g, a) => ops.replanTask(g, a.id, specs(a), { whatIf: a.what_if }),
  },
];

/** Run one tool call: a JSON text result, or an error result that names the fix. */
export function callTool(g: Graph, name: string, args: Args) {
  const tool = TOOLS.find((t) => t.name === name);
  if (!tool) {
    return { isError: true, content: [{ type: 'text' as const, text: `unknown tool "${name}"; tools: ${TOOLS.map((t) => t.name).join(', ')}` }] };
  }
  try {
    const value = tool.run(g, args ?? {});
    return { content: [{ type: 'text' as const, text: JSON.stringify(plain(value), null, 2) }] };
  } catch (e) {
    const fixText = isUserError(e) ? e.fixFor('mcp') : undefined;
    const text = isUserError(e) ? `${e.message}${fixText ? `\nfix: ${fixText}` : ''}` : `internal error: ${(e as Error).message}`;
    return { isError: true, content: [{ type: 'text' as const, text }] };
  }
}

export async function serveMcp(opts: { project?: string }): Promise<void> {
  const { Server } = await import('@modelcontextprotocol/sdk/server/index.js');
  const { StdioServerTransport } = await import('@modelcontextprotocol/sdk/server/stdio.js');
  const { ListToolsRequestSchema, CallToolRequestSchema } = await import('@modelcontextprotocol/sdk/types.js');
  const g = Graph.open(dataPaths(openDataDir()).tasks, { project: opts.project });
  const server = new Server(
    { name: 'agentdag', version: version() },
    {
      capabilities: { tools: {} },
      instructions:
        'agentdag task graph. Work loop: task_go → do the work (task_heartbeat for long work) → task_done with a JSON result. ' +
        'Change the plan with task_insert, task_amend, task_split, task_decompose, task_pivot, task_replan; preview destructive ones with what_if.',
    },
  );
  server.setRequestHandler(ListToolsRequestSchema, async () => ({
    tools: TOOLS.map((t) => ({ name: t.name, description: t.description, inputSchema: t.inputSchema })),
  }));
  server.setRequestHandler(CallToolRequestSchema, async (req) => callTool(g, req.params.name, (req.params.arguments ?? {}) as Args));
  const transport = new StdioServerTransport();
  const closed = new Promise<void>((resolve) => {
    transport.onclose = () => resolve();
    process.stdin.once('end', () => resolve());
  });
  await server.connect(transport);
  await closed;
  g.close();
}
