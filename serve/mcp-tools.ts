// The MCP tools of `agentdag mcp`: the porcelain (go, done, add, list, show, status), the lease
// plumbing an agent needs and plan adaptation, each destructive one with `what_if`. Each names
// its arguments with JSON Schema (serve/mcp-args.ts checks calls against it and state/limits.ts)
// and calls the same state/ops.ts function as the CLI.
import type { ActorOptions } from '../state/agent';
import type { Graph } from '../state/graph';
import * as ops from '../state/ops';
import { parseStatuses } from '../state/queries';
import { normalizeSpecs, parseSpecText, TaskSpec } from '../state/spec';

export type Args = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** Who the connection is when a call names no agent: its own identity and Claude Code session. */
export interface Connection {
  /** client name + connection id, e.g. claude-code#k3x9q2. */
  agent: string;
  /** The Claude Code session, when known ($AGENTDAG_SESSION_ID of the server). */
  session: string | null;
}

export interface Tool {
  name: string;
  description: string;
  inputSchema: { type: 'object'; properties: Record<string, unknown>; required?: string[] };
  run: (g: Graph, a: Args, c: Connection) => unknown;
}

const str = (description: string) => ({ type: 'string', description });
const strs = (description: string) => ({ type: 'array', items: { type: 'string' }, description });
const bool = (description: string) => ({ type: 'boolean', description });
const int = (description: string) => ({ type: 'integer', description });
const ID = str('task id or a unique prefix of it (e.g. "t-3k9x2m7q" or "3k9x")');
const AGENT = str('who is acting; default: this connection (the Claude Code session when known, else client name + connection id)');
const SESSION = str('the Claude Code session this call belongs to (default: $AGENTDAG_SESSION_ID of the server), so the cost of the task can be measured');
const FORCE = bool('act on a task another agent holds');
const WHAT_IF = bool('preview only: report what would be cancelled, stranded or interrupted, and change nothing');
const SPEC = {
  description:
    'subtasks: a list of titles, or of {key, title, description, priority, after: [key|id], inputs: [key|id]}; or the same as YAML/JSON text. after = blocks edges, inputs = feeds_into edges',
  anyOf: [{ type: 'string' }, { type: 'array' }, { type: 'object' }],
};

/** The identity of a call: the agent it names (explicit), else the session's, else the connection's. */
function who(a: Args, c: Connection): ActorOptions {
  const session = a.session ?? c.session ?? undefined;
  return { agent: a.agent, force: a.force, session, fallbackAgent: session ?? c.agent };
}

function specs(a: Args): TaskSpec[] {
  if (a.spec !== undefined) return typeof a.spec === 'string' ? parseSpecText(a.spec, 'spec') : normalizeSpecs(a.spec, 'spec');
  return ops.specsFrom({ titles: a.titles, chain: a.chain });
}

export const TOOLS: Tool[] = [
  {
    name: 'task_go',
    description: 'Claim and start the best ready task. Returns the task and the results of the tasks that feed into it (handoff), or task=null with the reason when nothing is ready.',
    inputSchema: { type: 'object', properties: { agent: AGENT, session: SESSION } },
    run: (g, a, c) => ops.go(g, who(a, c)),
  },
  {
    name: 'task_done',
    description: 'Mark a task done (from ready, claimed or running) with an optional JSON result; promotes the tasks it unblocks.',
    inputSchema: {
      type: 'object',
      properties: { id: ID, result: { description: 'any JSON value; handed to feeds_into dependents' }, partial: bool('finished only in part (done_partial)'), agent: AGENT, session: SESSION, force: FORCE, what_if: WHAT_IF },
      required: ['id'],
    },
    run: (g, a, c) => ops.done(g, a.id, { ...who(a, c), result: a.result === undefined ? undefined : JSON.stringify(a.result), partial: a.partial, whatIf: a.what_if }),
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
    inputSchema: { type: 'object', properties: { id: ID, agent: AGENT, session: SESSION, force: FORCE }, required: ['id'] },
    run: (g, a, c) => ops.heartbeat(g, a.id, who(a, c)),
  },
  {
    name: 'task_progress',
    description: 'Report progress (0-100) with a note; also renews the lease.',
    inputSchema: { type: 'object', properties: { id: ID, percent: int('0 to 100'), note: str('what is done so far'), agent: AGENT, session: SESSION }, required: ['id', 'percent'] },
    run: (g, a, c) => ops.progress(g, a.id, a.percent, a.note ?? null, who(a, c)),
  },
  {
    name: 'task_claim',
    description: 'Claim a ready task without starting it (task_go claims and starts in one call). Without id: the best ready task.',
    inputSchema: { type: 'object', properties: { id: ID, agent: AGENT, session: SESSION } },
    run: (g, a, c) => ops.claim(g, a.id, who(a, c)),
  },
  {
    name: 'task_start',
    description: 'Start a task you claimed (claimed → running).',
    inputSchema: { type: 'object', properties: { id: ID, agent: AGENT, session: SESSION }, required: ['id'] },
    run: (g, a, c) => ops.start(g, a.id, who(a, c)),
  },
  {
    name: 'task_pause',
    description: 'Release a claimed or running task back to the ready queue (no retry is used).',
    inputSchema: { type: 'object', properties: { id: ID, agent: AGENT, session: SESSION, force: FORCE, what_if: WHAT_IF }, required: ['id'] },
    run: (g, a, c) => ops.pause(g, a.id, { ...who(a, c), whatIf: a.what_if }),
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
    inputSchema: { type: 'object', properties: { id: ID, error: str('what went wrong'), agent: AGENT, session: SESSION, force: FORCE, what_if: WHAT_IF }, required: ['id', 'error'] },
    run: (g, a, c) => ops.fail(g, a.id, a.error, { ...who(a, c), whatIf: a.what_if }),
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
    inputSchema: { type: 'object', properties: { id: ID, text: str('the context'), agent: AGENT, session: SESSION, what_if: WHAT_IF }, required: ['id', 'text'] },
    run: (g, a, c) => ops.amendTask(g, a.id, a.text, { ...who(a, c), whatIf: a.what_if }),
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
