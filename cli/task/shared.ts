// What every `agentdag task …` command file shares: opening the graph, printing, the common
// options. better-sqlite3 and the engine load lazily inside actions so other commands stay fast.
import { Command } from 'commander';
import { cmd, isUserError, UserError, wordFix, type FixPart } from '../../core/errors';
import { checkField, FIELDS } from '../../state/limits';
import type { Graph } from '../../state/graph';
import type * as OpsModule from '../../state/ops';

export type Ops = typeof OpsModule;
export type Opts = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

export interface Ctx {
  /** Inside `task what-if …`: every write is previewed and rolled back. */
  preview: boolean;
}

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
    g.close();
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
  const { printResult } = await import('../output.js');
  printResult(json, value, human);
}

export function common(cmd: Command): Command {
  return cmd
    .option('--json', 'print JSON on stdout')
    .option('--project <name>', 'project to work in (default: $AGENTDAG_PROJECT or "default")');
}

export function actorOptions(cmd: Command): Command {
  return cmd
    .option('--agent <name>', 'who is acting (default: $AGENTDAG_SESSION_ID inside Claude Code, else user@host)')
    .option('--force', 'act on a task another agent holds');
}

export function previewOption(cmd: Command): Command {
  return cmd.option('--what-if', 'preview: report what would be cancelled, stranded or interrupted, change nothing');
}

/** A whole-number option or argument, in the range state/limits.ts gives it. */
export function int(name: string, positional = false) {
  return (v: string) => checkField(name.replace(/-/g, '_'), v, { fromText: true, positional }) as number;
}

/**
 * The edge check of every option and argument a task command was given (state/limits.ts: type,
 * range, size), before its action runs. Registered as the task command's preAction hook.
 */
export function checkArgs(action: Command): void {
  const opts = action.opts();
  for (const o of action.options) {
    const key = o.attributeName();
    const field = key.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
    const value = opts[key];
    // A repeatable option (--tag a --tag b) gathers a list; a one-value rule applies to each.
    if (Array.isArray(value) && FIELDS[field]?.type !== 'strings') for (const v of value) checkField(field, v);
    else checkField(field, value);
  }
  action.registeredArguments.forEach((a, i) => {
    const value = action.processedArgs[i];
    const field = a.name();
    // A variadic argument whose field is one string (a title in several words) is checked joined.
    const one = Array.isArray(value) && FIELDS[field]?.type === 'string' ? value.join(' ') : value;
    checkField(field, one, { positional: true });
  });
}

export function collect(v: string, prev: string[] = []): string[] {
  return [...prev, ...v.split(',').map((s) => s.trim()).filter(Boolean)];
}

export const examples = (lines: string[]) => '\nExamples:\n' + lines.map((l) => `  $ ${l}`).join('\n') + '\n';

/** Print a write's outcome: the what-if report, or the applied result. */
export async function printMutation<R>(opts: Opts, m: OpsModule.Mutation<R>, human: (r: R) => string): Promise<void> {
  if (m.what_if) {
    const { renderWhatIf } = await import('../../state/render.js');
    await print(!!opts.json, { what_if: true, report: m.report, would_return: m.result }, () => renderWhatIf(m.report));
  } else {
    await print(!!opts.json, m.result, () => human(m.result));
  }
}

export type Builder = (name: string, ctx: Ctx) => Command;

export function specOptions(cmd: Command): Command {
  return cmd
    .option('--spec <file>', 'tasks from a YAML or JSON file (- for stdin)')
    .option('--chain', 'make each title depend on the one before');
}
