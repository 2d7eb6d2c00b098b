// Is this command line one of the agent's two hot commands (`task go`, `task done ID`, or a hidden
// alias of them) with only options the fast path knows? Then cli/index.ts runs it without loading
// commander or any other command's module; anything else (--help included) returns null and goes
// through commander as always. No imports: this runs on every start of `agentdag`.

export interface FastCall {
  command: 'go' | 'done';
  id?: string;
  /** As commander names them: --what-if → whatIf. */
  opts: Record<string, string | boolean>;
}

const WORDS: Record<string, 'go' | 'done'> = {
  go: 'go', next: 'go', work: 'go', take: 'go', begin: 'go',
  done: 'done', finish: 'done', complete: 'done', fin: 'done', comp: 'done', close: 'done', resolve: 'done',
};

const OPTIONS = {
  go: { flags: ['--json', '--force'], values: ['--agent', '--project'] },
  done: { flags: ['--json', '--force', '--partial', '--what-if'], values: ['--agent', '--project', '--result'] },
};

const camel = (flag: string) => flag.slice(2).replace(/-([a-z])/g, (_m, c: string) => c.toUpperCase());

export function fastCall(argv: readonly string[]): FastCall | null {
  const [group, word, ...rest] = argv.slice(2);
  if (group !== 'task' && group !== 'tasks') return null;
  const command = WORDS[word];
  if (!command) return null;
  const known = OPTIONS[command];
  const opts: Record<string, string | boolean> = {};
  const positional: string[] = [];
  for (let i = 0; i < rest.length; i++) {
    const token = rest[i];
    if (!token.startsWith('-')) {
      positional.push(token);
      continue;
    }
    const eq = token.indexOf('=');
    const flag = eq > 0 ? token.slice(0, eq) : token;
    if (known.flags.includes(flag) && eq < 0) opts[camel(flag)] = true;
    else if (known.values.includes(flag)) {
      const value = eq > 0 ? token.slice(eq + 1) : rest[++i];
      if (value === undefined) return null; // commander says what is missing
      opts[camel(flag)] = value;
    } else return null; // --help, a short option, `--`, anything unknown: commander's
  }
  if (positional.length !== (command === 'done' ? 1 : 0)) return null;
  return { command, id: positional[0], opts };
}
