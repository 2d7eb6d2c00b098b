// The agent's two commands, go and done, as actions: the same code behind commander
// (porcelain.ts) and behind the fast path (fast.ts), so both print the same bytes.
import { hint, print, printMutation, withGraph, type Opts } from './session';

export async function goAction(opts: Opts): Promise<void> {
  const { renderTask, renderHandoff } = await import('../../state/render.js');
  const r = await withGraph(opts, (g, ops) => ops.go(g, opts));
  await print(!!opts.json, r, () =>
    r.task ? `${renderTask(r.task)}\n${renderHandoff(r.handoff)}when finished: ${hint(opts, 'task done', { id: r.task.id, result: '{"summary": "…"}' }, ['id'])}` : r.message,
  );
}

export async function doneAction(id: string, opts: Opts): Promise<void> {
  const m = await withGraph(opts, (g, ops) => ops.done(g, id, opts));
  await printMutation(opts, m, (r) => {
    const who = r.task.finished_by && r.task.agent_id && r.task.finished_by !== r.task.agent_id ? ` (claimed by ${r.task.agent_id}, finished by ${r.task.finished_by})` : '';
    return `${r.task.status === 'done' ? 'completed' : r.task.status} ${r.task.id}${who}${r.promoted.length ? `; now ready: ${r.promoted.join(', ')}` : ''}\nnext: ${hint(opts, 'task go', {}, [], ['project', 'agent'])}`;
  });
}
