// Human-readable output for task commands (--json prints the same values as JSON). Each text
// ends with the next command to run where there is one: agents learn the tool from its output.
// Text from the graph is printed with its control characters escaped: a title holding an escape
// sequence must not move the cursor, recolour or retitle the terminal of whoever lists it.
import type { Task } from './graph';
import type { HandoffEntry } from './handoff';
import type { WhatIfReport } from './what-if';

// C0 controls (but tab and newline), DEL, C1 controls, and the line and paragraph separators.
const CONTROL = /[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029]/g;
const CONTROL_OR_BREAK = /[\x00-\x1f\x7f-\x9f\u2028\u2029]/g;

function escapeChar(c: string): string {
  if (c === '\n') return '\\n';
  if (c === '\t') return '\\t';
  const code = c.charCodeAt(0);
  return code < 0x100 ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
}

/** Text safe to print on a terminal: control characters shown as escapes (`\x1b`); newlines kept only when `multiline`. */
export function printable(text: unknown, multiline = false): string {
  return String(text ?? '').replace(multiline ? CONTROL : CONTROL_OR_BREAK, escapeChar);
}

export function taskLine(t: Pick<Task, 'id' | 'status' | 'priority' | 'title' | 'agent_id'>): string {
  return `${t.id}  ${t.status.padEnd(12)} p${String(t.priority).padEnd(3)} ${printable(t.title)}${t.agent_id ? `  @${printable(t.agent_id)}` : ''}`;
}

export function renderHandoff(h: HandoffEntry[]): string {
  if (!h.length) return '';
  return (
    'handoff (results of the tasks that feed into this one):\n' +
    h.map((e) => `  from ${e.from} "${printable(e.title)}"${e.agent ? ` by ${printable(e.agent)}` : ''} [${e.status}]: ${printable(JSON.stringify(e.result))}`).join('\n') +
    '\n'
  );
}

export function renderTask(t: Task): string {
  const lines = [taskLine(t)];
  if (t.description) lines.push('', printable(t.description, true).replace(/^/gm, '  '));
  if (t.result !== null && t.result !== undefined) lines.push(`result: ${printable(JSON.stringify(t.result))}`);
  if (t.error) lines.push(`error: ${printable(t.error)}`);
  return lines.join('\n');
}

export function renderWhatIf(r: WhatIfReport): string {
  const out = ['what-if: nothing was changed; this is what the command would do.'];
  const section = <T>(label: string, rows: T[], line: (x: T) => string) => {
    if (rows.length) out.push(`${label} (${rows.length}):`, ...rows.map((x) => '  ' + line(x)));
  };
  section('would cancel', r.cancelled, (x) => `${x.id} "${printable(x.title)}" (was ${x.was})`);
  section('would strand (could never run)', r.stranded, (x) => `${x.id} "${printable(x.title)}" (${x.status})`);
  section('running work affected', r.running_affected, (x) => `${x.id} "${printable(x.title)}" held by ${printable(x.agent)}: ${x.change} (${x.was} → ${x.now})`);
  section('would create', r.created, (x) => `${x.id} "${printable(x.title)}" (${x.status})`);
  const created = new Set(r.created.map((c) => c.id));
  const other = r.changes.filter((c) => c.event !== 'task_cancelled' && c.from !== null && !created.has(c.task_id));
  section('other status changes', other, (c) => `${c.task_id} "${printable(c.title)}": ${c.from} → ${c.to}`);
  if (out.length === 1) out.push('no task would change status.');
  out.push('run the same command without what-if to apply it.');
  return out.join('\n');
}
