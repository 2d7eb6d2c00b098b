// The porcelain: the six commands an agent needs (go, done, add, list, show, status).
import { Command, Option } from 'commander';
import { actorOptions, collect, common, examples, int, previewOption, print, printMutation, withGraph, type Builder, type Opts } from './shared';
import { doneAction, goAction } from './work';

export const porcelain: Record<string, Builder> = {
  go: (name) =>
    actorOptions(common(new Command(name)))
      .description('claim and start the best ready task; prints it with the results of the tasks that feed into it')
      .addHelpText('after', examples(['agentdag task go', 'agentdag task go --agent reviewer --json']))
      .action((opts: Opts) => goAction(opts)),

  done: (name, ctx) =>
    previewOption(actorOptions(common(new Command(name))))
      .description('mark a task done (from ready, claimed or running) and promote what it unblocks')
      .argument('<id>', 'task id or unique prefix')
      .option('--result <json>', 'result as JSON (plain text is stored as a JSON string); handed to feeds_into dependents')
      .option('--partial', 'done_partial: finished, but not everything asked for')
      .addHelpText('after', examples([`agentdag task done t-3k9x2m7q --result '{"schema": "users(id, name)"}'`, 'agentdag task done 3k9x --partial']))
      .action((id: string, opts: Opts) => doneAction(id, { ...opts, whatIf: opts.whatIf || ctx.preview })),

  add: (name, ctx) =>
    previewOption(common(new Command(name)))
      .description('create a task (ready at once unless it depends on unfinished work)')
      .argument('<title...>', 'what to do')
      .option('-d, --description <text>', 'details for the agent that takes it')
      .option('-p, --priority <n>', 'higher runs first (default 0)', int('priority'))
      .option('--parent <id>', 'make it a subtask (the parent becomes composite)')
      .option('--after <ids>', 'blocking dependencies: these finish first (comma-separated or repeated)', collect)
      .option('--feeds-from <ids>', 'feeds_into dependencies: their results arrive in the handoff', collect)
      .option('--tag <tags>', 'tags (comma-separated or repeated)', collect)
      .option('--max-retries <n>', 'retries allowed after failures or lost leases (default 2)', int('max-retries'))
      .option('--lease <seconds>', 'lease length; heartbeats renew it (default 300 or $AGENTDAG_LEASE_SECONDS)', int('lease'))
      .addHelpText('after', examples(['agentdag task add "Design the API" --priority 2', 'agentdag task add "Implement the API" --feeds-from t-3k9x2m7q']))
      .action(async (title: string[], opts: Opts) => {
        const { taskLine } = await import('../../state/render.js');
        const m = await withGraph(opts, (g, ops) =>
          ops.add(g, title.join(' '), {
            description: opts.description,
            priority: opts.priority,
            parent: opts.parent,
            after: opts.after,
            feedsFrom: opts.feedsFrom,
            tags: opts.tag,
            maxRetries: opts.maxRetries,
            leaseSeconds: opts.lease,
            whatIf: opts.whatIf || ctx.preview,
          }),
        );
        await printMutation(opts, m, (t) => `added ${taskLine(t)}`);
      }),

  list: (name) =>
    common(new Command(name))
      .description('list tasks: live work by default (running, claimed, ready, pending, failed)')
      .option('--all', 'include done and cancelled tasks')
      .option('--ready', 'only the ready queue, in the order go hands it out')
      .option('--status <list>', 'only these statuses (comma-separated)')
      .option('--agent <name>', 'only tasks held or finished by this agent')
      .option('--parent <id>', 'only subtasks of this task')
      .option('--tag <tag>', 'only tasks with this tag')
      .option('--limit <n>', 'at most this many rows (default 200)', int('limit'))
      .addOption(new Option('--format <format>', 'table, json, ndjson or csv').default('table'))
      .option('--wide', 'one line per task however wide (a table otherwise fits the terminal: long titles are cut with …)')
      .addHelpText('after', examples(['agentdag task list', 'agentdag task list --ready --json', 'agentdag task list --all --wide', 'agentdag task list --all --format csv']))
      .action(async (opts: Opts) => {
        const { parseStatuses, LIST_COLUMNS } = await import('../../state/queries.js');
        const { writeRows, parseFormat } = await import('../output.js');
        const rows = await withGraph(opts, (g, ops) =>
          ops.list(g, { all: opts.all, ready: opts.ready, status: parseStatuses(opts.status), agent: opts.agent, parent: opts.parent, tag: opts.tag, limit: opts.limit }),
        );
        const { printable } = await import('../../state/render.js');
        const format = opts.json ? 'json' : parseFormat(opts.format);
        const human = format === 'table' || format === 'csv';
        // Tables and CSV are read on a terminal: their text cells get the control characters escaped (JSON escapes its own).
        const shown = human ? rows.map((r) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, typeof v === 'string' ? printable(v) : v]))) : rows;
        await writeRows(shown as unknown as Record<string, unknown>[], format, process.stdout, human ? LIST_COLUMNS : undefined, { wide: opts.wide });
      }),

  show: (name) =>
    common(new Command(name))
      .description('one task in full: edges, subtasks, handoff, notes, files, recent events')
      .argument('<id>', 'task id or unique prefix')
      .addHelpText('after', examples(['agentdag task show t-3k9x2m7q', 'agentdag task show 3k9 --json']))
      .action(async (id: string, opts: Opts) => {
        const { renderTask, renderHandoff, printable: p } = await import('../../state/render.js');
        const s = await withGraph(opts, (g, ops) => ops.show(g, id));
        await print(!!opts.json, s, () => {
          const out = [renderTask(s.task)];
          if (s.upstream.length) out.push('after:', ...s.upstream.map((d) => `  ${d.from_task} [${d.kind}${d.condition ? `, ${d.condition}` : ''}] ${d.status}  ${p(d.title)}`));
          if (s.downstream.length) out.push('before:', ...s.downstream.map((d) => `  ${d.to_task} [${d.kind}] ${d.status}  ${p(d.title)}`));
          if (s.children.length) out.push('subtasks:', ...(s.children as { id: string; status: string; title: string }[]).map((c) => `  ${c.id} ${c.status}  ${p(c.title)}`));
          const h = renderHandoff(s.handoff);
          if (h) out.push(h.trimEnd());
          if (s.tags.length) out.push(`tags: ${p(s.tags.join(', '))}`);
          if (s.notes.length) out.push('notes:', ...(s.notes as { agent_id: string; body: string }[]).map((n) => `  ${p(n.agent_id)}: ${p(n.body)}`));
          out.push('events:', ...s.events.map((e) => `  #${e.id} ${e.created_at} ${e.event_type}`));
          return out.join('\n');
        });
      }),

  status: (name) =>
    common(new Command(name))
      .description('project progress: counts by status, agents holding work, what is next')
      .addHelpText('after', examples(['agentdag task status', 'agentdag task status --json']))
      .action(async (opts: Opts) => {
        const { taskLine, printable } = await import('../../state/render.js');
        const s = await withGraph(opts, (g, ops) => ops.status(g));
        await print(!!opts.json, s, () => {
          const c = s.counts;
          const out = [
            `project ${printable(s.project)}: ${s.total} tasks, ${s.percent_done}% done`,
            `  running ${c.running}  claimed ${c.claimed}  ready ${c.ready}  pending ${c.pending}  done ${c.done + c.done_partial}  failed ${c.failed}  cancelled ${c.cancelled}`,
          ];
          for (const a of s.agents) {
            out.push(`  agent ${printable(a.agent_id)}: ${a.tasks_held} task(s), last heartbeat ${a.heartbeat_age_seconds}s ago`);
          }
          if (s.next_ready.length) out.push('next up:', ...s.next_ready.map((t) => '  ' + taskLine(t)));
          return out.join('\n');
        });
      }),
};
