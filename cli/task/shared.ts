// What every `agentdag task …` command file shares: the common options, the edge check of their
// values, and (from session.ts) opening the graph and printing. better-sqlite3 and the engine load
// lazily inside actions so other commands stay fast.
import { Command } from 'commander';
import { checkField, FIELDS } from '../../state/limits';

export { hint, print, printMutation, withGraph, type Ops, type Opts } from './session';

export interface Ctx {
  /** Inside `task what-if …`: every write is previewed and rolled back. */
  preview: boolean;
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

export type Builder = (name: string, ctx: Ctx) => Command;

export function specOptions(cmd: Command): Command {
  return cmd
    .option('--spec <file>', 'tasks from a YAML or JSON file (- for stdin)')
    .option('--chain', 'make each title depend on the one before');
}
