// `agentdag task …` (porcelain, plumbing, hidden aliases) and `agentdag mcp`. Thin: parse, call
// state/ops.ts, print. better-sqlite3 and the engine load lazily inside actions so other commands
// stay fast. Every command takes --json; every write that can destroy takes --what-if.
import { Command, Option } from 'commander';
import { UserError } from '../cli/errors';
import type { Graph } from './graph';
import type * as OpsModule from './ops';
import type { EventRow } from './queries';

type Ops = typeof OpsModule;
type Opts = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

interface Ctx {
  /** Inside `task what-if …`: every write is previewed and rolled back. */
  preview: boolean;
}

async function withGraph<T>(opts: Opts, fn: (g: Graph, ops: Ops) => T | Promise<T>): Promise<T> {
  const { dataPaths, ensureDataDir } = await import('./data-dir.js');
  const { Graph, busyError } = await import('./graph.js');
  const ops = await import('./ops.js');
  const file = dataPaths(openDataDir(ensureDataDir)).tasks;
  const g = Graph.open(file, { project: opts.project });
  try {
    return await fn(g, ops);
  } catch (e) {
    if ((e as { code?: string }).code?.startsWith('SQLITE_BUSY')) throw busyError(file);
    throw e;
  } finally {
    g.close();
  }
}

/** The data dir, created owner-only; a dir that cannot be created is the user's to fix. */
export function openDataDir(ensure: () => string): string {
  try {
    return ensure();
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    throw new UserError(`cannot create the data dir: ${err.message}`, 'set AGENTDAG_HOME to a directory you can write, e.g. export AGENTDAG_HOME=$HOME/.agentdag');
  }
}

async function print(json: boolean, value: unknown, human: () => string): Promise<void> {
  const { printResult } = await import('../cli/output.js');
  printResult(json, value, human);
}

function common(cmd: Command): Command {
  return cmd
    .option('--json', 'print JSON on stdout')
    .option('--project <name>', 'project to work in (default: $AGENTDAG_PROJECT or "default")');
}

function actorOptions(cmd: Command): Command {
  return cmd
    .option('--agent <name>', 'who is acting (default: $AGENTDAG_SESSION_ID inside Claude Code, else user@host)')
    .option('--force', 'act on a task another agent holds');
}

function previewOption(cmd: Command): Command {
  return cmd.option('--what-if', 'preview: report what would be cancelled, stranded or interrupted, change nothing');
}

function int(name: string) {
  return (v: string) => {
    const n = Number(v);
    if (!Number.isInteger(n)) throw new UserError(`${name} must be an integer, got "${v}"`, `for example: --${name} 2`, 2);
    return n;
  };
}

function collect(v: string, prev: string[] = []): string[] {
  return [...prev, ...v.split(',').map((s) => s.trim()).filter(Boolean)];
}

const examples = (lines: string[]) => '\nExamples:\n' + lines.map((l) => `  $ ${l}`).join('\n') + '\n';

/** Print a write's outcome: the what-if report, or the applied result. */
async function printMutation<R>(opts: Opts, m: OpsModule.Mutation<R>, human: (r: R) => string): Promise<void> {
  if (m.what_if) {
    const { renderWhatIf } = await import('./render.js');
    await print(!!opts.json, { what_if: true, report: m.report, would_return: m.result }, () => renderWhatIf(m.report));
  } else {
    await print(!!opts.json, m.result, () => human(m.result));
  }
}

type Builder = (name: string, ctx: Ctx) => Command;

/** Each command is built by a function so that hidden aliases and `what-if` get real copies. */
const builders: Record<string, Builder> = {
  go: (name) =>
    actorOptions(common(new Command(name)))
      .description('claim and start the best ready task; prints it with the results of the tasks that feed into it')
      .addHelpText('after', examples(['agentdag task go', 'agentdag task go --agent reviewer --json']))
      .action(async (opts: Opts) => {
        const { renderTask, renderHandoff } = await import('./render.js');
        const r = await withGraph(opts, (g, ops) => ops.go(g, opts));
        await print(!!opts.json, r, () =>
          r.task
            ? `${renderTask(r.task)}\n${renderHandoff(r.handoff)}when finished: agentdag task done ${r.task.id} --result '{"summary": "…"}'`
            : r.message,
        );
      }),

  done: (name, ctx) =>
    previewOption(actorOptions(common(new Command(name))))
      .description('mark a task done (from ready, claimed or running) and promote what it unblocks')
      .argument('<id>', 'task id or unique prefix')
      .option('--result <json>', 'result as JSON (plain text is stored as a JSON string); handed to feeds_into dependents')
      .option('--partial', 'done_partial: finished, but not everything asked for')
      .addHelpText('after', examples([`agentdag task done t-3k9x2m7q --result '{"schema": "users(id, name)"}'`, 'agentdag task done 3k9x --partial']))
      .action(async (id: string, opts: Opts) => {
        const m = await withGraph(opts, (g, ops) => ops.done(g, id, { ...opts, whatIf: opts.whatIf || ctx.preview }));
        await printMutation(opts, m, (r) => `${r.task.status === 'done' ? 'completed' : r.task.status} ${r.task.id}${r.promoted.length ? `; now ready: ${r.promoted.join(', ')}` : ''}\nnext: agentdag task go`);
      }),

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
        const { taskLine } = await import('./render.js');
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
      .addHelpText('after', examples(['agentdag task list', 'agentdag task list --ready --json', 'agentdag task list --all --format csv']))
      .action(async (opts: Opts) => {
        const { parseStatuses, LIST_COLUMNS } = await import('./queries.js');
        const { writeRows, parseFormat } = await import('../cli/output.js');
        const rows = await withGraph(opts, (g, ops) =>
          ops.list(g, { all: opts.all, ready: opts.ready, status: parseStatuses(opts.status), agent: opts.agent, parent: opts.parent, tag: opts.tag, limit: opts.limit }),
        );
        const format = opts.json ? 'json' : parseFormat(opts.format);
        await writeRows(rows as unknown as Record<string, unknown>[], format, process.stdout, format === 'table' || format === 'csv' ? LIST_COLUMNS : undefined);
      }),

  show: (name) =>
    common(new Command(name))
      .description('one task in full: edges, subtasks, handoff, notes, files, recent events')
      .argument('<id>', 'task id or unique prefix')
      .addHelpText('after', examples(['agentdag task show t-3k9x2m7q', 'agentdag task show 3k9 --json']))
      .action(async (id: string, opts: Opts) => {
        const { renderTask, renderHandoff } = await import('./render.js');
        const s = await withGraph(opts, (g, ops) => ops.show(g, id));
        await print(!!opts.json, s, () => {
          const out = [renderTask(s.task)];
          if (s.upstream.length) out.push('after:', ...s.upstream.map((d) => `  ${d.from_task} [${d.kind}${d.condition ? `, ${d.condition}` : ''}] ${d.status}  ${d.title}`));
          if (s.downstream.length) out.push('before:', ...s.downstream.map((d) => `  ${d.to_task} [${d.kind}] ${d.status}  ${d.title}`));
          if (s.children.length) out.push('subtasks:', ...(s.children as { id: string; status: string; title: string }[]).map((c) => `  ${c.id} ${c.status}  ${c.title}`));
          const h = renderHandoff(s.handoff);
          if (h) out.push(h.trimEnd());
          if (s.tags.length) out.push(`tags: ${s.tags.join(', ')}`);
          if (s.notes.length) out.push('notes:', ...(s.notes as { agent_id: string; body: string }[]).map((n) => `  ${n.agent_id}: ${n.body}`));
          out.push('events:', ...s.events.map((e) => `  #${e.id} ${e.created_at} ${e.event_type}`));
          return out.join('\n');
        });
      }),

  status: (name) =>
    common(new Command(name))
      .description('project progress: counts by status, agents holding work, what is next')
      .addHelpText('after', examples(['agentdag task status', 'agentdag task status --json']))
      .action(async (opts: Opts) => {
        const { taskLine } = await import('./render.js');
        const s = await withGraph(opts, (g, ops) => ops.status(g));
        await print(!!opts.json, s, () => {
          const c = s.counts;
          const out = [
            `project ${s.project}: ${s.total} tasks, ${s.percent_done}% done`,
            `  running ${c.running}  claimed ${c.claimed}  ready ${c.ready}  pending ${c.pending}  done ${c.done + c.done_partial}  failed ${c.failed}  cancelled ${c.cancelled}`,
          ];
          for (const a of s.agents) {
            out.push(`  agent ${a.agent_id}: ${a.tasks_held} task(s), last heartbeat ${a.heartbeat_age_seconds}s ago`);
          }
          if (s.next_ready.length) out.push('next up:', ...s.next_ready.map((t) => '  ' + taskLine(t)));
          return out.join('\n');
        });
      }),

  claim: (name) =>
    actorOptions(common(new Command(name)))
      .description('claim a ready task without starting it (plumbing; `go` claims and starts)')
      .argument('[id]', 'a specific ready task (default: the best one)')
      .addHelpText('after', examples(['agentdag task claim', 'agentdag task claim t-3k9x2m7q --agent builder-2']))
      .action(async (id: string | undefined, opts: Opts) => {
        const { taskLine } = await import('./render.js');
        const t = await withGraph(opts, (g, ops) => ops.claim(g, id, opts));
        await print(!!opts.json, { task: t }, () => (t ? `claimed ${taskLine(t)}\nnext: agentdag task start ${t.id}` : 'nothing is ready to claim'));
      }),

  start: (name) =>
    actorOptions(common(new Command(name)))
      .description('start a task you claimed (claimed → running)')
      .argument('<id>', 'task id or unique prefix')
      .addHelpText('after', examples(['agentdag task start t-3k9x2m7q']))
      .action(async (id: string, opts: Opts) => {
        const { taskLine } = await import('./render.js');
        const t = await withGraph(opts, (g, ops) => ops.start(g, id, opts));
        await print(!!opts.json, t, () => `started ${taskLine(t)}`);
      }),

  heartbeat: (name) =>
    actorOptions(common(new Command(name)))
      .description('renew the lease on a task you hold (fails once the sweeper took it back: stop then)')
      .argument('<id>', 'task id or unique prefix')
      .addHelpText('after', examples(['agentdag task heartbeat t-3k9x2m7q']))
      .action(async (id: string, opts: Opts) => {
        const t = await withGraph(opts, (g, ops) => ops.heartbeat(g, id, opts));
        await print(!!opts.json, t, () => `${t.id} lease renewed until ${t.lease_expires_at}`);
      }),

  progress: (name) =>
    actorOptions(common(new Command(name)))
      .description('report progress (0–100) with an optional note; also renews the lease')
      .argument('<id>', 'task id or unique prefix')
      .argument('<percent>', '0 to 100', int('percent'))
      .argument('[note...]', 'what is done so far')
      .addHelpText('after', examples(['agentdag task progress t-3k9x2m7q 40 parsed 4 of 10 files']))
      .action(async (id: string, percent: number, note: string[], opts: Opts) => {
        const t = await withGraph(opts, (g, ops) => ops.progress(g, id, percent, note.length ? note.join(' ') : null, opts));
        await print(!!opts.json, t, () => `${t.id} at ${t.progress}%`);
      }),

  fail: (name, ctx) =>
    previewOption(actorOptions(common(new Command(name))))
      .description('mark a claimed or running task failed, saying why')
      .argument('<id>', 'task id or unique prefix')
      .argument('<error...>', 'what went wrong')
      .addHelpText('after', examples(['agentdag task fail t-3k9x2m7q the tests do not compile']))
      .action(async (id: string, error: string[], opts: Opts) => {
        const m = await withGraph(opts, (g, ops) => ops.fail(g, id, error.join(' '), { ...opts, whatIf: opts.whatIf || ctx.preview }));
        await printMutation(opts, m, (r) => `failed ${r.task.id} (${r.task.retries}/${r.task.max_retries} retries used)\nto try again: agentdag task retry ${r.task.id}`);
      }),

  pause: (name, ctx) =>
    previewOption(actorOptions(common(new Command(name))))
      .description('release a claimed or running task back to the ready queue')
      .argument('<id>', 'task id or unique prefix')
      .addHelpText('after', examples(['agentdag task pause t-3k9x2m7q']))
      .action(async (id: string, opts: Opts) => {
        const m = await withGraph(opts, (g, ops) => ops.pause(g, id, { ...opts, whatIf: opts.whatIf || ctx.preview }));
        await printMutation(opts, m, (t) => `paused ${t.id}: back in the ready queue`);
      }),

  retry: (name, ctx) =>
    previewOption(common(new Command(name)))
      .description('put a failed task back in the queue while retries remain')
      .argument('<id>', 'task id or unique prefix')
      .option('--force', 'allow one more retry past the limit')
      .addHelpText('after', examples(['agentdag task retry t-3k9x2m7q']))
      .action(async (id: string, opts: Opts) => {
        const m = await withGraph(opts, (g, ops) => ops.retry(g, id, { force: opts.force, whatIf: opts.whatIf || ctx.preview }));
        await printMutation(opts, m, (t) => `${t.id} is ${t.status} again (retry ${t.retries} of ${t.max_retries})`);
      }),

  cancel: (name, ctx) =>
    previewOption(common(new Command(name)))
      .description('cancel a task and its unfinished subtasks (finished work is kept)')
      .argument('<id>', 'task id or unique prefix')
      .option('--reason <text>', 'why (kept in the event)')
      .addHelpText('after', examples(['agentdag task cancel t-3k9x2m7q --what-if', 'agentdag task cancel t-3k9x2m7q --reason "out of scope"']))
      .action(async (id: string, opts: Opts) => {
        const m = await withGraph(opts, (g, ops) => ops.cancel(g, id, { reason: opts.reason, whatIf: opts.whatIf || ctx.preview }));
        await printMutation(opts, m, (r) => `cancelled ${r.cancelled.length} task(s): ${r.cancelled.join(', ')}`);
      }),

  dep: (name, ctx) => {
    const dep = new Command(name).description('dependency edges: FROM must finish before TO');
    const kinds = 'blocks (ordering), feeds_into (ordering + FROM\'s result in TO\'s handoff), suggests (soft, never blocks)';
    dep.addCommand(
      previewOption(common(new Command('add')))
        .description('add FROM → TO (refused, naming the cycle, if it would close one)')
        .argument('<from>', 'the task that finishes first')
        .argument('<to>', 'the task that waits')
        .option('--kind <kind>', kinds, 'blocks')
        .option('--condition <when>', 'on_success (default), on_failure (a fallback), always')
        .addHelpText('after', examples(['agentdag task dep add t-design t-build --kind feeds_into']))
        .action(async (from: string, to: string, opts: Opts) => {
          const m = await withGraph(opts, (g, ops) => ops.depAdd(g, from, to, { kind: opts.kind, condition: opts.condition, whatIf: opts.whatIf || ctx.preview }));
          await printMutation(opts, m, (r) =>
            r.existed ? `${r.dep.from_task} → ${r.dep.to_task} already exists` : `added ${r.dep.from_task} → ${r.dep.to_task} (${r.dep.kind})${r.blocked ? `; ${r.dep.to_task} now waits` : ''}`,
          );
        }),
    );
    for (const rmName of ['rm', 'remove']) {
      dep.addCommand(
        previewOption(common(new Command(rmName)))
          .description('remove FROM → TO (TO becomes ready if nothing else holds it)')
          .argument('<from>')
          .argument('<to>')
          .addHelpText('after', examples(['agentdag task dep rm t-design t-build']))
          .action(async (from: string, to: string, opts: Opts) => {
            const m = await withGraph(opts, (g, ops) => ops.depRm(g, from, to, { whatIf: opts.whatIf || ctx.preview }));
            await printMutation(opts, m, (r) => `removed the dependency${r.promoted ? `; ${to} is now ready` : ''}`);
          }),
        rmName === 'remove' ? { hidden: true } : undefined,
      );
    }
    return dep;
  },

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
        const { taskLine } = await import('./render.js');
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

  sweep: (name) =>
    common(new Command(name))
      .description('return tasks whose lease expired to the queue (or fail them when out of retries)')
      .addHelpText('after', examples(['agentdag task sweep']))
      .action(async (opts: Opts) => {
        const r = await withGraph(opts, (g, ops) => ops.forceSweep(g));
        await print(!!opts.json, r, () => `reclaimed ${r.reclaimed.length}${r.reclaimed.length ? ` (${r.reclaimed.join(', ')})` : ''}, failed ${r.failed.length}${r.failed.length ? ` (${r.failed.join(', ')})` : ''}`);
      }),

  events: (name) =>
    common(new Command(name))
      .description('the event log (every transition); --since ID for an incremental cursor, --follow to stream')
      .option('--since <id>', 'only events after this event id', int('since'))
      .option('--task <id>', 'only this task')
      .option('--limit <n>', 'at most this many (default 50, or 1000 with --since)', int('limit'))
      .option('--all-projects', 'every project')
      .option('--follow', 'keep printing new events (ndjson) until interrupted')
      .addHelpText('after', examples(['agentdag task events --limit 20', 'agentdag task events --since 120 --json', 'agentdag task events --follow']))
      .action(async (opts: Opts) => {
        await withGraph(opts, async (g, ops) => {
          let rows = ops.events(g, { since: opts.since, task: opts.task, limit: opts.limit, allProjects: opts.allProjects });
          const line = (e: EventRow) =>
            opts.json || opts.follow ? JSON.stringify(e) : `#${e.id} ${e.created_at} ${e.event_type} ${e.task_id ?? ''}${e.to_status ? ` ${e.from_status ?? '∅'} → ${e.to_status}` : ''}${e.agent_id ? ` @${e.agent_id}` : ''}`;
          if (opts.json && !opts.follow) {
            process.stdout.write(JSON.stringify(rows, null, 2) + '\n');
            return;
          }
          for (const e of rows) process.stdout.write(line(e) + '\n');
          if (!opts.follow) return;
          let cursor = rows.length ? rows[rows.length - 1].id : g.maxEventId();
          await new Promise<void>((resolve) => {
            const timer = setInterval(() => {
              rows = ops.events(g, { since: cursor, task: opts.task, limit: 1000, allProjects: opts.allProjects });
              for (const e of rows) process.stdout.write(line(e) + '\n');
              if (rows.length) cursor = rows[rows.length - 1].id;
            }, 200);
            const stop = () => {
              clearInterval(timer);
              resolve();
            };
            process.once('SIGINT', stop);
            process.once('SIGTERM', stop);
          });
        });
      }),

  note: (name) =>
    actorOptions(common(new Command(name)))
      .description('attach a note to a task (findings, decisions)')
      .argument('<id>', 'task id or unique prefix')
      .argument('<text...>', 'the note')
      .addHelpText('after', examples(['agentdag task note t-3k9x2m7q the flaky test is a timezone bug']))
      .action(async (id: string, text: string[], opts: Opts) => {
        const r = await withGraph(opts, (g, ops) => ops.note(g, id, text.join(' '), opts));
        await print(!!opts.json, r, () => `noted on ${r.task_id}`);
      }),

  tag: (name) =>
    common(new Command(name))
      .description('tag a task (or --remove tags)')
      .argument('<id>', 'task id or unique prefix')
      .argument('<tags...>', 'tags')
      .option('--remove', 'remove these tags')
      .addHelpText('after', examples(['agentdag task tag t-3k9x2m7q backend urgent']))
      .action(async (id: string, tags: string[], opts: Opts) => {
        const r = await withGraph(opts, (g, ops) => ops.tag(g, id, tags, opts));
        await print(!!opts.json, r, () => `${r.task_id}: ${r.tags.join(', ') || '(no tags)'}`);
      }),

  files: (name) =>
    actorOptions(common(new Command(name)))
      .description('record files a task touched; warns when another live task touched the same path')
      .argument('<id>', 'task id or unique prefix')
      .argument('<paths...>', 'file paths')
      .option('--action <action>', 'read, created, modified or deleted', 'modified')
      .addHelpText('after', examples(['agentdag task files t-3k9x2m7q src/api.ts src/api.test.ts']))
      .action(async (id: string, paths: string[], opts: Opts) => {
        const r = await withGraph(opts, (g, ops) => ops.touchFile(g, id, paths, opts));
        await print(!!opts.json, r, () =>
          [`recorded ${r.files.length} file(s) on ${r.task_id}`, ...r.conflicts.map((c) => `  conflict: ${c.path} is also being changed by ${c.task_id} (${c.agent_id})`)].join('\n'),
        );
      }),

  artifact: (name) =>
    common(new Command(name))
      .description('record an artifact a task produced (a path or URL; results stay small JSON)')
      .argument('<id>', 'task id or unique prefix')
      .argument('<name>', 'what it is')
      .argument('<uri>', 'where it is')
      .option('--media-type <type>', 'e.g. application/pdf')
      .addHelpText('after', examples(['agentdag task artifact t-3k9x2m7q report ./out/report.pdf']))
      .action(async (id: string, artifactName: string, uri: string, opts: Opts) => {
        const r = await withGraph(opts, (g, ops) => ops.artifact(g, id, artifactName, uri, opts));
        await print(!!opts.json, r, () => `recorded ${r.name} on ${r.task_id}`);
      }),

  check: (name) =>
    common(new Command(name))
      .description('run the invariant checks (each a query that must return no rows)')
      .addHelpText('after', examples(['agentdag task check']))
      .action(async (opts: Opts) => {
        const failures = await withGraph(opts, (g, ops) => ops.check(g));
        await print(!!opts.json, { ok: failures.length === 0, failures }, () =>
          failures.length ? failures.map((f) => `FAIL ${f.check}: ${f.rows} row(s) ${JSON.stringify(f.sample)}`).join('\n') : 'all invariants hold',
        );
        if (failures.length) throw new UserError(`${failures.length} invariant check(s) failed`, 'report it with the output of `agentdag task check --json`');
      }),
};

function specOptions(cmd: Command): Command {
  return cmd
    .option('--spec <file>', 'tasks from a YAML or JSON file (- for stdin)')
    .option('--chain', 'make each title depend on the one before');
}

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
    .showSuggestionAfterError(true);
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
        if (ctx.preview) throw new UserError('what-if cannot be nested', 'agentdag task what-if cancel t-…', 2);
        const inner = buildTaskCommand({ preview: true }, 'what-if');
        // Only commands with --what-if know how to roll back; any other would really write (`go` claims).
        const previewable = previewableCommands(inner);
        const isCommand = args.length > 0 && !args[0].startsWith('-'); // `what-if --help` shows the commands' help
        if (isCommand && !previewable.has(args[0]) && !previewable.has(args.slice(0, 2).join(' '))) {
          const names = [...new Set(previewable.values())].filter((n) => ORDERED.includes(n.split(' ')[0])).join(', ');
          throw new UserError(`what-if cannot preview \`${args[0] ?? ''}\``, `preview one of: ${names} (e.g. agentdag task what-if cancel t-…)`, 2);
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
      const { serveMcp } = await import('./mcp.js');
      await serveMcp({ project: opts.project });
    });
}
