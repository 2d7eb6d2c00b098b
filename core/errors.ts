// Errors as data: one error type for everything a user (or an agent) can fix. It carries the
// message, the fix and the exit code; the edges word it: the CLI's top-level handler
// (cli/index.ts) prints "agentdag: …  fix: …" with command lines, the MCP server answers with the
// same fix worded as tool calls. Library code never prints and never calls process.exit.
//
// A fix names commands and options as data (cmd(), opt()), not as CLI text, so an agent talking
// MCP is told `task_done {"id": "t-1", "force": true}` rather than "run agentdag task done t-1 --force".

/** A command the fix suggests: `task done` with named arguments, some positional on the CLI. */
export interface CommandRef {
  readonly kind: 'command';
  /** Words after `agentdag`, e.g. "task done"; the MCP tool is the same words joined by "_". */
  readonly command: string;
  readonly args: Readonly<Record<string, string | number | boolean>>;
  /** Argument names the CLI takes positionally, in order (the rest become --options). */
  readonly positional: readonly string[];
}

/** An option the fix mentions on its own ("use --force"): `--force` on the CLI, `"force": true` over MCP. */
export interface OptionRef {
  readonly kind: 'option';
  readonly name: string;
  readonly value?: string | number;
}

export type FixPart = string | CommandRef | OptionRef;
export type Fix = string | readonly FixPart[];
export type Edge = 'cli' | 'mcp';

export function cmd(command: string, args: Record<string, string | number | boolean> = {}, positional: readonly string[] = []): CommandRef {
  return { kind: 'command', command, args, positional };
}

export function opt(name: string, value?: string | number): OptionRef {
  return { kind: 'option', name, value };
}

/** `fix\`retry it first: ${cmd('task retry', { id }, ['id'])}\`` → the parts, words and refs in order. */
export function fix(strings: TemplateStringsArray, ...refs: (FixPart | number)[]): FixPart[] {
  const parts: FixPart[] = [];
  strings.forEach((s, i) => {
    if (s) parts.push(s);
    if (i < refs.length) parts.push(typeof refs[i] === 'number' ? String(refs[i]) : (refs[i] as FixPart));
  });
  return parts;
}

export class UserError extends Error {
  /** What to do about it, as data; `fixFor(edge)` words it. */
  readonly fixParts?: readonly FixPart[];
  /** Exit code: 1 for a failed operation, 2 for a bad invocation, 75 for "busy, try again". */
  readonly exitCode: number;
  /** The argument at fault, when there is one (e.g. "priority"), for structured clients. */
  readonly field?: string;

  constructor(message: string, fixText?: Fix, exitCode = 1, field?: string) {
    super(message);
    this.name = 'UserError';
    this.fixParts = fixText === undefined ? undefined : typeof fixText === 'string' ? [fixText] : fixText;
    this.exitCode = exitCode;
    this.field = field;
  }

  /** The fix in the CLI's words (the common edge). */
  get fix(): string | undefined {
    return this.fixFor('cli');
  }

  fixFor(edge: Edge): string | undefined {
    return this.fixParts && wordFix(this.fixParts, edge);
  }
}

export function isUserError(e: unknown): e is UserError {
  return e instanceof UserError;
}

function shellWord(v: string): string {
  return /^[\w@%+=:,./-]+$/.test(v) ? v : `'${v.replace(/'/g, `'\\''`)}'`;
}

function wordCommand(c: CommandRef, edge: Edge): string {
  if (edge === 'mcp') return `${c.command.replace(/ /g, '_')} ${JSON.stringify(c.args)}`;
  const words = ['agentdag', c.command];
  for (const name of c.positional) if (c.args[name] !== undefined) words.push(shellWord(String(c.args[name])));
  for (const [name, v] of Object.entries(c.args)) {
    if (c.positional.includes(name) || v === false) continue;
    const flag = `--${name.replace(/_/g, '-')}`;
    words.push(v === true ? flag : `${flag} ${shellWord(String(v))}`);
  }
  return words.join(' ');
}

function wordOption(o: OptionRef, edge: Edge): string {
  if (edge === 'mcp') return `"${o.name}": ${o.value === undefined ? 'true' : JSON.stringify(o.value)}`;
  const flag = `--${o.name.replace(/_/g, '-')}`;
  return o.value === undefined ? flag : `${flag} ${o.value}`;
}

export function wordFix(parts: readonly FixPart[], edge: Edge): string {
  return parts.map((p) => (typeof p === 'string' ? p : p.kind === 'command' ? wordCommand(p, edge) : wordOption(p, edge))).join('');
}
