// `agentdag task …` (porcelain, plumbing, plan adaptation, hidden aliases, what-if) and
// `agentdag mcp`. Thin: parse, call state/ops.ts, print. Every command takes --json; every write
// that can destroy takes --what-if.
import { Command } from 'commander';
import { UserError } from '../../core/errors';
import { checkArgs, examples, type Builder, type Ctx, type Opts } from './shared';
import { porcelain } from './porcelain';
import { plumbing } from './plumbing';
import { planCommands } from './plan';

const builders: Record<string, Builder> = { ...porcelain, ...plumbing, ...planCommands };

/** The hidden words agents try first, mapped to the real commands. */
const ALIASES: Record<string, string[]> = {
  go: ['next', 'work', 'take', 'begin'],
  done: ['finish', 'complete', 'fin', 'comp', 'close', 'resolve'],
  add: ['create', 'new'],
  list: ['ls', 'tasks', 'ready', 'queue'],
  show: ['info', 'get', 'view', 'describe'],
  status: ['overview', 'stat', 'summary'],
  fail: ['failed', 'error'],
  cancel: ['rm', 'delete', 'drop'],
  events: ['log', 'history'],
  decompose: ['plan', 'breakdown'],
  heartbeat: ['ping', 'beat'],
  pause: ['release', 'unclaim'],
  amend: ['update'],
};

const ORDERED = ['go', 'done', 'add', 'list', 'show', 'status', 'claim', 'start', 'heartbeat', 'progress', 'fail', 'pause', 'retry', 'cancel', 'dep', 'insert', 'amend', 'pivot', 'split', 'decompose', 'replan', 'sweep', 'events', 'note', 'tag', 'files', 'artifact', 'check'];

function buildTaskCommand(ctx: Ctx, name = 'task'): Command {
  const task = new Command(name)
    .description('the live task graph agents coordinate through (SQLite, in the data dir)')
    .showSuggestionAfterError(true)
    .hook('preAction', (_task, action) => checkArgs(action));
  for (const n of ORDERED) task.addCommand(builders[n](n, ctx));
  for (const [target, aliases] of Object.entries(ALIASES)) {
    for (const a of aliases) {
      const c = builders[target](a, ctx);
      // `ready` is `list --ready`
      if (a === 'ready') c.setOptionValueWithSource('ready', true, 'default');
      task.addCommand(c, { hidden: true });
    }
  }
  task.addCommand(
    new Command('what-if')
      .description('preview a command that takes --what-if (done, fail, cancel, dep, plan changes, …): run it in a transaction, report what would be cancelled, stranded or interrupted, roll back')
      .argument('<command...>', 'the task command to preview, e.g. cancel t-3k9x2m7q')
      .allowUnknownOption()
      .helpOption(false)
      .addHelpText('after', examples(['agentdag task what-if cancel t-3k9x2m7q', 'agentdag task what-if pivot t-rest "Use GraphQL" --json']))
      .action(async (args: string[]) => {
        if (ctx.preview) throw new UserError('what-if cannot be nested', 'write what-if once, before the command it previews', 2);
        const inner = buildTaskCommand({ preview: true }, 'what-if');
        // Only commands with --what-if know how to roll back; any other would really write (`go` claims).
        const previewable = previewableCommands(inner);
        const isCommand = args.length > 0 && !args[0].startsWith('-'); // `what-if --help` shows the commands' help
        if (isCommand && !previewable.has(args[0]) && !previewable.has(args.slice(0, 2).join(' '))) {
          const names = [...new Set(previewable.values())].filter((n) => ORDERED.includes(n.split(' ')[0])).join(', ');
          throw new UserError(`what-if cannot preview \`${args[0] ?? ''}\``, `preview one of: ${names}`, 2);
        }
        inner.exitOverride();
        await inner.parseAsync(args, { from: 'user' });
      }),
  );
  task.addHelpText(
    'after',
    '\nPorcelain: go, done, add, list, show, status.  Plumbing: the rest.\n' +
      'A single agent works with two commands: `agentdag task go`, then `agentdag task done ID --result JSON`.\n' +
      examples(['agentdag task add "Design the API"', 'agentdag task go', `agentdag task done t-3k9x2m7q --result '{"ok": true}'`, 'agentdag task status']),
  );
  return task;
}

/** The task commands that take --what-if: each name or alias (`dep add` for a subcommand) → its name. */
function previewableCommands(task: Command): Map<string, string> {
  const out = new Map<string, string>();
  const visit = (cmd: Command, prefixes: string[]) => {
    for (const c of cmd.commands) {
      const names = prefixes.flatMap((p) => [c.name(), ...c.aliases()].map((n) => p + n));
      if (c.options.some((o) => o.long === '--what-if')) for (const n of names) out.set(n, prefixes[0] + c.name());
      if (c.commands.length) visit(c, names.map((n) => `${n} `));
    }
  };
  visit(task, ['']);
  return out;
}

export function registerTaskCommands(program: Command): void {
  program.addCommand(buildTaskCommand({ preview: false }));
  program.addCommand(buildTaskCommand({ preview: false }, 'tasks'), { hidden: true });
  program
    .command('mcp')
    .description('serve the task graph to Claude Code (or any MCP client) over stdio')
    .option('--project <name>', 'project to work in (default: $AGENTDAG_PROJECT or "default")')
    .addHelpText('after', examples(['claude mcp add agentdag -- node /abs/path/dist/cli/index.js mcp']))
    .action(async (opts: Opts) => {
      const { serveMcp } = await import('../../serve/mcp.js');
      await serveMcp({ project: opts.project });
    });
}
