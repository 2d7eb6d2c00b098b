// `agentdag report session-trace --session ID`: one session as text lanes for the terminal, the
// same model the dashboard's session page draws (serve/session-trace.ts). Each lane (main thread,
// then each subagent under the call that launched it) is a line over a shared time axis: ├──┤ is
// the lane's span, each tool call its tool's initial (✗ when it failed), parallel calls on extra
// lines; tool calls, tokens and cost per lane on the right; waves and failures listed below.
import type { Writable } from 'node:stream';
import { UserError } from '../core/errors';
import { dataPaths } from '../core/data-dir';
import type { Row } from '../core/json';
import { buildTrace, formatMs, formatTokens, formatUsd, SESSION_TRACE_SQL, tickLabel, tickStep, type SessionTrace } from '../serve/session-trace';
import { cut, outputWidth } from './table';
import { writeRows, type Format } from './output';

const COLOR: Record<string, string> = { success: '32', error: '31', timeout: '33', denied: '35', interrupted: '90' };

async function readTrace(input: string): Promise<{ trace: SessionTrace; rows: Row[] }> {
  const { withReadOnly } = await import('../warehouse/db.js');
  const { plain } = await import('../core/json.js');
  return withReadOnly(dataPaths(), async (conn) => {
    // A unique prefix will do (the dashboard shows the first 8 characters).
    const { readSql } = await import('../warehouse/sql-files.js');
    const match = await conn.runAndReadAll(readSql('queries', 'sessions_by_prefix'), [input]);
    const ids = match.getRowObjectsJS().map((r) => String(r.session_id));
    const id = ids.includes(input) ? input : ids.length === 1 ? ids[0] : input;
    if (ids.length > 1 && !ids.includes(input)) {
      throw new UserError(`"${input}" names more than one session (${ids.slice(0, 2).join(', ')}, …)`, 'give more of the id: agentdag report sessions lists them', 2);
    }
    const rows = (await conn.runAndReadAll(SESSION_TRACE_SQL(), [id])).getRowObjectsJS().map((r) => plain(r) as Row);
    const trace = buildTrace(id, rows);
    if (!trace) throw new UserError(`no session "${input}" in the warehouse`, 'list the sessions with `agentdag report sessions`; a session shows up after `agentdag ingest`', 2);
    return { trace, rows };
  });
}

export async function sessionTraceReport(opts: { session?: string; format: Format; wide?: boolean }, out: Writable = process.stdout): Promise<void> {
  if (!opts.session) throw new UserError('session-trace needs a session', 'pass --session ID (a unique prefix will do); `agentdag report sessions` lists them', 2);
  const { trace, rows } = await readTrace(opts.session);
  if (opts.format === 'json') out.write(JSON.stringify(trace, null, 2) + '\n');
  else if (opts.format === 'table') out.write(traceText(trace, outputWidth(out, opts) ?? 100, colorOn(out)));
  else await writeRows(rows, opts.format, out);
}

function colorOn(out: Writable): boolean {
  return !!(out as Writable & { isTTY?: boolean }).isTTY && !process.env.NO_COLOR;
}

/** The trace as text lanes, `width` characters wide (at least 60). */
export function traceText(t: SessionTrace, width: number, color = false): string {
  const W = Math.max(60, width);
  const nameW = Math.min(30, Math.max(12, ...t.lanes.map((l) => l.name.length + 2 * l.depth + 2)));
  const stats = (calls: string, tokens: string, cost: string) => `${calls.padStart(6)} ${tokens.padStart(7)} ${cost.padStart(9)}`;
  const statsW = stats('', '', '').length;
  const span = Math.max(20, W - nameW - statsW - 2);
  const col = (ms: number) => Math.min(span - 1, Math.max(0, Math.floor((ms / t.durationMs) * span)));
  const paint = (s: string, status: string) => (color && COLOR[status] ? `\u001b[${COLOR[status]}m${s}\u001b[0m` : s);

  const tot = t.totals;
  const out: string[] = [
    `session ${t.sessionId} · started ${t.startedAt.replace('T', ' ').replace(/\.\d+Z$/, ' UTC')} · ${formatMs(t.durationMs)}`,
    `${t.lanes.length === 1 ? 'main thread only' : `${t.lanes.length} lanes (main + ${t.lanes.length - 1} subagents)`} · ${tot.toolCalls} tool calls, ${tot.failedToolCalls} failed · ${tot.apiCalls} API calls · ${formatTokens(tot.tokens)} tokens · ${formatUsd(tot.costUsd, tot.unpricedCalls)}`,
    '',
  ];
  // Axis: round times (as on the session page), a label where it fits.
  const axis = Array<string>(span).fill(' ');
  const step = tickStep(t.durationMs, Math.max(2, Math.floor(span / 10)));
  for (let ms = 0, free = 0; ms <= t.durationMs; ms += step) {
    const label = tickLabel(ms, step).replace(' ', '');
    const c = col(ms);
    if (c < free || c + label.length > span) continue;
    for (let i = 0; i < label.length; i++) axis[c + i] = label[i];
    free = c + label.length + 1;
  }
  out.push(`${'lane'.padEnd(nameW)} ${axis.join('')} ${stats('calls', 'tokens', 'cost')}`);
  for (const l of t.lanes) {
    const lines = Array.from({ length: l.rows }, () => Array<string>(span).fill(' '));
    const [from, to] = [col(l.start), Math.max(col(l.start), col(l.end))];
    for (let c = from; c <= to; c++) lines[0][c] = c === from ? '├' : c === to ? '┤' : '─';
    const painted = lines.map((line) => line.map((ch) => ch));
    for (const c of t.calls.filter((x) => x.lane === l.id)) {
      const ch = c.status === 'success' ? (c.tool[0] ?? '?').toUpperCase() : '✗';
      for (let i = col(c.start); i <= Math.max(col(c.start), col(c.end) - 1); i++) painted[c.row][i] = paint(ch, c.status);
    }
    const name = cut(`${'  '.repeat(Math.max(0, l.depth - 1))}${l.depth ? '↳ ' : ''}${l.name}${l.status === 'error' ? ' ✗' : ''}`, nameW);
    painted.forEach((line, i) => {
      const right = i === 0 ? stats(String(l.toolCalls) + (l.failedToolCalls ? `/${l.failedToolCalls}✗` : ''), formatTokens(l.tokens), l.costUsd === null ? 'unpriced' : `$${l.costUsd.toFixed(4)}`) : '';
      out.push(`${(i === 0 ? name : '').padEnd(nameW)} ${line.join('')} ${right}`.trimEnd());
    });
  }
  const lanes = new Map(t.lanes.map((l) => [l.id, l]));
  if (t.waves.length) {
    out.push('', 'waves (tool calls one API message issued together, run in parallel):');
    for (const w of t.waves) {
      const launched = w.lanes.map((id) => lanes.get(id)?.name ?? id);
      out.push(`  ${w.n}  ${lanes.get(w.lane)?.name ?? w.lane}: ${w.calls} ${w.tools.join('/')} calls at ${formatMs(w.start)}${launched.length ? ` → ${launched.join(', ')}` : ''}, until ${formatMs(w.end)}`);
    }
  }
  const failed = t.calls.filter((c) => c.status !== 'success').sort((a, b) => a.start - b.start);
  if (failed.length) {
    out.push('', 'failed tool calls:');
    for (const c of failed) {
      const head = `  ${formatMs(c.start).padStart(8)}  ${cut(lanes.get(c.lane)?.name ?? c.lane, 16).padEnd(16)} ${c.tool.padEnd(6)} ${paint(c.status.padEnd(11), c.status)} `;
      out.push(head + cut((c.error ?? c.detail ?? '').replace(/\s+/g, ' '), Math.max(20, W - head.length + (head.length - head.replace(/\u001b\[\d+m/g, '').length))));
    }
  }
  out.push('', `each tool call is its initial (${[...new Set(t.calls.map((c) => c.tool))].slice(0, 6).map((tool) => `${tool[0]} ${tool}`).join(', ')}), ✗ when it failed · ├──┤ a lane's span · --json for every call`);
  return out.join('\n') + '\n';
}
