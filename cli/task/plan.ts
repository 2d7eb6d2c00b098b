// Plan adaptation: insert, amend, pivot, split, decompose, replan (each previewable with --what-if).
import { Command } from 'commander';
import { actorOptions, common, examples, int, previewOption, printMutation, specOptions, withGraph, type Builder, type Opts } from './shared';

export const planCommands: Record<string, Builder> = {
  insert: (name, ctx) =>
    previewOption(common(new Command(name)))
      .description('add a step between tasks, rewiring their edges through it')
      .argument('<title...>', 'the new step')
      .option('--after <id>', 'the step comes after this task (and takes over its outgoing edges if --before is not given)')
      .option('--before <id>', 'the step comes before this task (and takes over its incoming edges if --after is not given)')
      .option('-d, --description <text>', 'details')
      .option('-p, --priority <n>', 'priority', int('priority'))
      .addHelpText('after', examples(['agentdag task insert "Validate input" --after t-parse --before t-save']))
      .action(async (title: string[], opts: Opts) => {
        const { taskLine } = await import('../../state/render.js');
        const m = await withGraph(opts, (g, ops) => ops.insertStep(g, title.join(' '), { ...opts, whatIf: opts.whatIf || ctx.preview }));
        await printMutation(opts, m, (r) => `inserted ${taskLine(r.task)} (${r.rewired} edge(s) rewired)`);
      }),

  amend: (name, ctx) =>
    previewOption(actorOptions(common(new Command(name))))
      .description('prepend new context to a task\'s description (for whoever runs it)')
      .argument('<id>', 'task id or unique prefix')
      .argument('<text...>', 'the context to add')
      .addHelpText('after', examples(['agentdag task amend t-build "The API requires OAuth, not API keys"']))
      .action(async (id: string, text: string[], opts: Opts) => {
        const m = await withGraph(opts, (g, ops) => ops.amendTask(g, id, text.join(' '), { ...opts, whatIf: opts.whatIf || ctx.preview }));
        await printMutation(opts, m, (t) => `amended ${t.id}`);
      }),

  pivot: (name, ctx) =>
    previewOption(specOptions(common(new Command(name))))
      .description('replace a task and its subtree with new tasks: the old ones are cancelled, their dependents rewired')
      .argument('<id>', 'the task to replace')
      .argument('[titles...]', 'replacement tasks (or --spec)')
      .option('--reason <text>', 'why (kept in the events)')
      .addHelpText('after', examples(['agentdag task pivot t-rest "Design the GraphQL schema" "Implement resolvers" --chain --what-if']))
      .action(async (id: string, titles: string[], opts: Opts) => {
        const m = await withGraph(opts, (g, ops) =>
          ops.pivotTask(g, id, ops.specsFrom({ spec: opts.spec, titles, chain: opts.chain }), { reason: opts.reason, whatIf: opts.whatIf || ctx.preview }),
        );
        await printMutation(opts, m, (r) => `pivoted: cancelled ${r.cancelled.length}, created ${r.created.join(', ')}`);
      }),

  split: (name, ctx) =>
    previewOption(specOptions(common(new Command(name))))
      .description('break a task into parts; it becomes their composite parent, so its edges are kept')
      .argument('<id>', 'the task to split')
      .argument('[titles...]', 'the parts (or --spec)')
      .addHelpText('after', examples(['agentdag task split t-auth Login Signup "Forgot password"']))
      .action(async (id: string, titles: string[], opts: Opts) => {
        const m = await withGraph(opts, (g, ops) => ops.splitTask(g, id, ops.specsFrom({ spec: opts.spec, titles, chain: opts.chain }), { whatIf: opts.whatIf || ctx.preview }));
        await printMutation(opts, m, (r) => `split ${r.parent} into ${r.created.join(', ')}`);
      }),

  decompose: (name, ctx) =>
    previewOption(specOptions(common(new Command(name))))
      .description('create subtasks from a YAML or JSON spec; the task becomes composite')
      .argument('<id>', 'the parent task')
      .addHelpText(
        'after',
        examples(['agentdag task decompose t-tests --spec plan.yaml', 'echo \'["unit tests", "integration tests"]\' | agentdag task decompose t-tests --spec -']) +
          '\nSpec (YAML or JSON): a list, or {tasks: [...]}, of titles or\n  {key, title, description, priority, after: [key|id], inputs: [key|id]}\n  after = blocks edges, inputs = feeds_into edges (their results arrive in the handoff)\n',
      )
      .action(async (id: string, opts: Opts) => {
        const m = await withGraph(opts, (g, ops) => ops.decomposeTask(g, id, ops.specsFrom({ spec: opts.spec }), { whatIf: opts.whatIf || ctx.preview }));
        await printMutation(opts, m, (r) => `decomposed ${r.parent} into ${r.created.join(', ')}`);
      }),

  replan: (name, ctx) =>
    previewOption(specOptions(common(new Command(name))))
      .description('cancel a composite task\'s subtasks that have not started and create new ones from a spec')
      .argument('<id>', 'the composite task')
      .addHelpText('after', examples(['agentdag task replan t-tests --spec new-plan.yaml --what-if']))
      .action(async (id: string, opts: Opts) => {
        const m = await withGraph(opts, (g, ops) => ops.replanTask(g, id, ops.specsFrom({ spec: opts.spec }), { whatIf: opts.whatIf || ctx.preview }));
        await printMutation(opts, m, (r) => `replanned: cancelled ${r.cancelled.length}, kept ${r.kept.length} started, created ${r.created.join(', ')}`);
      }),
};
