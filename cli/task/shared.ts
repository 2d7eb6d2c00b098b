// What every `agentdag task …` command file shares: opening the graph, printing, the common
// options. better-sqlite3 and the engine load lazily inside actions so other commands stay fast.
import { Command } from 'commander';
import { UserError } from '../../core/errors';
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
  const file = dataPaths(openDataDir()).tasks;
  const g = Graph.open(file, { project: opts.project });
  try {
    return await fn(g, ops);
  } finally {
    g.close();
  }
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

export function int(name: string) {
  return (v: string) => {
    const n = Number(v);
    if (!Number.isInteger(n)) throw new UserError(`${name} must be an integer, got "${v}"`, `for example: --${name} 2`, 2);
    return n;
  };
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
