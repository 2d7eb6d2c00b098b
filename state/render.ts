// Human-readable output for task commands (--json prints the same values as JSON). Each text
// ends with the next command to run where there is one: agents learn the tool from its output.
import type { Task } from './graph';
import type { HandoffEntry } from './handoff';
import type { WhatIfReport } from './what-if';

export function taskLine(t: Pick<Task, 'id' | 'status' | 'priority' | 'title' | 'agent_id'>): string {
  return `${t.id}  ${t.status.padEnd(12)} p${String(t.priority).padEnd(3)} ${t.title}${t.agent_id ? `  @${t.agent_id}` : ''}`;
}

export function renderHandoff(h: HandoffEntry[]): string {
  if (!h.length) return '';
  return (
    'handoff (results of the tasks that feed into this one):\n' +
    h.map((e) => `  from ${e.from} "${e.title}"${e.agent ? ` by ${e.agent}` : ''} [${e.status}]: ${JSON.stringify(e.result)}`).join('\n') +
    '\n'
  );
}

export function renderTask(t: Task): string {
  const lines = [taskLine(t)];
  if (t.description) lines.push('', t.description.replace(/^/gm, '  '));
  if (t.result !== null && t.result !== undefined) lines.push(`result: ${JSON.stringify(t.result)}`);
  if (t.error) lines.push(`error: ${t.error}`);
  return lines.join('\n');
}

export function renderWhatIf(r: WhatIfReport): string {
  const out = ['what-if: nothing was changed; this is what the command would do.'];
  const section = <T>(label: string, rows: T[], line: (x: T) => string) => {
    if (rows.length) out.push(`${label} (${rows.length}):`, ...rows.map((x) => '  ' + line(x)));
  };
  section('would cancel', r.cancelled, (x) => `${x.id} "${x.title}" (was ${x.was})`);
  section('would strand (could never run)', r.stranded, (x) => `${x.id} "${x.title}" (${x.status})`);
  section('running work affected', r.running_affected, (x) => `${x.id} "${x.title}" held by ${x.agent}: ${x.change} (${x.was} → ${x.now})`);
  section('would create', r.created, (x) => `${x.id} "${x.title}" (${x.status})`);
  const created = new Set(r.created.map((c) => c.id));
  const other = r.changes.filter((c) => c.event !== 'task_cancelled' && c.from !== null && !created.has(c.task_id));
  section('other status changes', other, (c) => `${c.task_id} "${c.title}": ${c.from} → ${c.to}`);
  if (out.length === 1) out.push('no task would change status.');
  out.push('run the same command without what-if to apply it.');
  return out.join('\n');
}
