// The plumbing: claim/start one step at a time, leases, failures, edges, the event log, notes
// and files, invariant checks.
import { Command } from 'commander';
import { UserError } from '../../core/errors';
import type { EventRow } from '../../state/queries';
import { actorOptions, common, examples, hint, int, previewOption, print, printMutation, withGraph, type Builder, type Opts } from './shared';

export const plumbing: Record<string, Builder> = {
  claim: (name) =>
    actorOptions(common(new Command(name)))
      .description('claim a ready task without starting it (plumbing; `go` claims and starts)')
      .argument('[id]', 'a specific ready task (default: the best one)')
      .addHelpText('after', examples(['agentdag task claim', 'agentdag task claim t-3k9x2m7q --agent builder-2']))
      .action(async (id: string | undefined, opts: Opts) => {
        const { taskLine } = await import('../../state/render.js');
        const t = await withGraph(opts, (g, ops) => ops.claim(g, id, opts));
        await print(!!opts.json, { task: t }, () => (t ? `claimed ${taskLine(t)}\nnext: ${hint(opts, 'task start', { id: t.id }, ['id'], ['project', 'agent'])}` : 'nothing is ready to claim'));
      }),

  start: (name) =>
    actorOptions(common(new Command(name)))
      .description('start a task you claimed (claimed → running)')
      .argument('<id>', 'task id or unique prefix')
      .addHelpText('after', examples(['agentdag task start t-3k9x2m7q']))
      .action(async (id: string, opts: Opts) => {
        const { taskLine } = await import('../../state/render.js');
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
      .argument('<percent>', '0 to 100', int('percent', true))
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
        await printMutation(opts, m, (r) => `failed ${r.task.id} (${r.task.retries}/${r.task.max_retries} retries used)\nto try again: ${hint(opts, 'task retry', { id: r.task.id }, ['id'])}`);
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

  sweep: (name) =>
    common(new Command(name))
      .description('return tasks whose lease expired to the queue (or fail them when out of retries)')
      .addHelpText('after', examples(['agentdag task sweep']))
      .action(async (opts: Opts) => {
        const r = await withGraph(opts, (g, ops) => ops.sweep(g));
        const list = (ids: string[]) => `${ids.length}${ids.length ? ` (${ids.join(', ')})` : ''}`;
        await print(!!opts.json, r, () => `reclaimed ${list(r.reclaimed)}, failed ${list(r.failed)}, extended ${list(r.extended)} (their sessions are still writing hook events)`);
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
        const { printable } = await import('../../state/render.js');
        await withGraph(opts, async (g, ops) => {
          let rows = ops.events(g, { since: opts.since, task: opts.task, limit: opts.limit, allProjects: opts.allProjects });
          const line = (e: EventRow) =>
            opts.json || opts.follow ? JSON.stringify(e) : `#${e.id} ${e.created_at} ${e.event_type} ${e.task_id ?? ''}${e.to_status ? ` ${e.from_status ?? '∅'} → ${e.to_status}` : ''}${e.agent_id ? ` @${printable(e.agent_id)}` : ''}`;
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
        const { printable } = await import('../../state/render.js');
        const r = await withGraph(opts, (g, ops) => ops.tag(g, id, tags, opts));
        await print(!!opts.json, r, () => `${r.task_id}: ${printable(r.tags.join(', ')) || '(no tags)'}`);
      }),

  files: (name) =>
    actorOptions(common(new Command(name)))
      .description('record files a task touched; warns when another live task touched the same path')
      .argument('<id>', 'task id or unique prefix')
      .argument('<paths...>', 'file paths')
      .option('--action <action>', 'read, created, modified or deleted', 'modified')
      .addHelpText('after', examples(['agentdag task files t-3k9x2m7q src/api.ts src/api.test.ts']))
      .action(async (id: string, paths: string[], opts: Opts) => {
        const { printable } = await import('../../state/render.js');
        const r = await withGraph(opts, (g, ops) => ops.touchFile(g, id, paths, opts));
        await print(!!opts.json, r, () =>
          [`recorded ${r.files.length} file(s) on ${r.task_id}`, ...r.conflicts.map((c) => `  conflict: ${printable(c.path)} is also being changed by ${c.task_id} (${printable(c.agent_id)})`)].join('\n'),
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
        const { printable } = await import('../../state/render.js');
        await print(!!opts.json, r, () => `recorded ${printable(r.name)} on ${r.task_id}`);
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
        if (failures[0]?.check.endsWith('_integrity')) {
          const { graphLocation } = await import('../../state/store/open.js');
          const { dataPaths, dataDir } = await import('../../core/data-dir.js');
          const file = graphLocation(dataPaths(dataDir()).tasks);
          throw new UserError(
            `the task graph ${file} is damaged: database disk image is malformed (${failures[0].rows} problem(s) found)`,
            `move it aside (mv ${file} ${file}.bad) and agentdag starts a new one; \`sqlite3 ${file}.bad .recover\` may save its rows`,
          );
        }
        if (failures.length) throw new UserError(`${failures.length} invariant check(s) failed`, 'report it with the output of `agentdag task check --json`');
      }),
};
