// What a task command does around its work, with or without commander (the agent's fast path,
// cli/task/fast.ts, runs go and done through here too): open the graph where it lives, word the
// refusals for this edge (escaped text, the --project carried into fixes), print the outcome with
// the next step as a command that works as printed.
import * as fs from 'node:fs';
import { cmd, isUserError, UserError, wordFix, type FixPart } from '../../core/errors';
import type { Graph } from '../../state/graph';
import type * as OpsModule from '../../state/ops';

export type Ops = typeof OpsModule;
export type Opts = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

export async function withGraph<T>(opts: Opts, fn: (g: Graph, ops: Ops) => T | Promise<T>): Promise<T> {
  const { dataPaths, openDataDir } = await import('../../core/data-dir.js');
  const { Graph } = await import('../../state/graph.js');
  const ops = await import('../../state/ops.js');
  const { graphLocation } = await import('../../state/store/open.js');
  const { journalLastSeen } = await import('../../state/liveness.js');
  const paths = dataPaths(openDataDir());
  const g = Graph.open(graphLocation(paths.tasks), { project: opts.project, lastSeen: journalLastSeen(paths) });
  try {
    return await fn(g, ops);
  } catch (e) {
    throw isUserError(e) ? inProject(await printableError(e), opts) : e;
  } finally {
    // A SQLite file is left to close with the process: closing its last connection checkpoints the
    // WAL with an fsync, measured at 16 ms of a ~40 ms `task go`. Committed work is in the WAL
    // (durable across process crashes, as with the MCP server's long-lived connection); writers
    // checkpoint it every 4,000 pages (state/db.ts).
    if (g.store.kind !== 'sqlite') g.close();
  }
}

/** Arguments a printed command must carry to work as printed: the --project it ran in, the --agent it named. */
function carried(opts: Opts, carry: readonly ('project' | 'agent')[]): Record<string, string> {
  const out: Record<string, string> = {};
  if (carry.includes('project') && opts.project) out.project = String(opts.project);
  if (carry.includes('agent') && opts.agent) out.agent = String(opts.agent);
  return out;
}

/** A command line printed as the next step: with the --project (and, where it matters, --agent) given, so it works as printed. */
export function hint(opts: Opts, command: string, args: Record<string, string | number | boolean> = {}, positional: string[] = [], carry: readonly ('project' | 'agent')[] = ['project']): string {
  return wordFix([cmd(command, { ...args, ...carried(opts, carry) }, positional)], 'cli');
}

/** A refusal's message quotes what the user typed or stored (a title): printed with control characters escaped. */
async function printableError(e: UserError): Promise<UserError> {
  const { printable } = await import('../../state/render.js');
  const message = printable(e.message, true);
  return message === e.message ? e : new UserError(message, e.fixParts, e.exitCode, e.field);
}

/** A refusal's fix commands, run in the same --project as the refused command. */
function inProject(e: UserError, opts: Opts): UserError {
  if (!opts.project || !e.fixParts) return e;
  const parts: FixPart[] = e.fixParts.map((p) => (typeof p !== 'string' && p.kind === 'command' && p.command.startsWith('task ') ? { ...p, args: { ...p.args, project: String(opts.project) } } : p));
  return new UserError(e.message, parts, e.exitCode, e.field);
}

export async function print(json: boolean, value: unknown, human: () => string): Promise<void> {
  const { plain } = await import('../../core/json.js');
  const text = json ? JSON.stringify(plain(value), null, 2) : human();
  if (text) writeOut(text.endsWith('\n') ? text : text + '\n');
}

/**
 * Data to stdout with write(2), not through process.stdout: creating that stream loads node's
 * stream machinery, ~5 ms of a `task go`. A pipe that would block takes the rest the usual way.
 */
function writeOut(text: string): void {
  const buf = Buffer.from(text);
  let at = 0;
  try {
    while (at < buf.length) at += fs.writeSync(1, buf, at);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'EPIPE') return; // the reader went away (`… | head -1`)
    if (code !== 'EAGAIN') throw e;
    process.stdout.write(buf.subarray(at));
  }
}

/** Print a write's outcome: the what-if report, or the applied result. */
export async function printMutation<R>(opts: Opts, m: OpsModule.Mutation<R>, human: (r: R) => string): Promise<void> {
  if (m.what_if) {
    const { renderWhatIf } = await import('../../state/render.js');
    await print(!!opts.json, { what_if: true, report: m.report, would_return: m.result }, () => renderWhatIf(m.report));
  } else {
    await print(!!opts.json, m.result, () => human(m.result));
  }
}
