// The session page of `agentdag serve` (/sessions/<id>): the session as a waterfall, drawn on the
// server as SVG, so it is whole on first paint (no script, nothing to wait for): one lane per agent
// (main thread, then each subagent under the call that launched it), tool calls as bars coloured
// by outcome, launch links from each Agent call to its lane, API responses as ticks, waves of
// parallel calls as bands, cost and tokens per lane; then every tool call in a table.
import { formatMs, formatTokens, formatUsd, tickLabel, tickStep, type SessionTrace, type TraceCall, type TraceLane } from './session-trace';

const esc = (s: unknown) => String(s ?? '').replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string);
const cut = (s: string, n: number) => (s.length > n ? s.slice(0, n - 1) + '…' : s);

const W = 1280;
const LABEL = 320;
const RIGHT = 24;
const AXIS = 34;
const ROW = 20;
const BAR = 14;
const LANE_MIN = 52;
export const STATUSES = ['success', 'error', 'timeout', 'denied', 'interrupted'] as const;

function laneStats(l: TraceLane): string {
  const calls = `${l.toolCalls} tool call${l.toolCalls === 1 ? '' : 's'}${l.failedToolCalls ? ` (${l.failedToolCalls} failed)` : ''}`;
  return `${calls} · ${formatTokens(l.tokens)} tokens · ${formatUsd(l.costUsd, l.unpricedCalls)}`;
}

function callTitle(c: TraceCall, lanes: Map<string, TraceLane>): string {
  const launched = c.launches ? lanes.get(c.launches) : undefined;
  return [
    `${c.tool} · ${c.status} · ${formatMs(c.end - c.start)} (at ${formatMs(c.start)})`,
    c.wave ? `wave ${c.wave}: ${c.batchSize} calls in parallel` : '',
    launched ? `launched ${launched.name}${launched.label ? `: ${launched.label}` : ''}` : '',
    c.detail ? cut(c.detail, 160) : '',
    c.error ? `error: ${cut(c.error, 240)}` : '',
  ]
    .filter(Boolean)
    .join('\n');
}

export function traceSvg(t: SessionTrace): string {
  const timeline = W - LABEL - RIGHT;
  const x = (ms: number) => LABEL + (Math.max(0, ms) / t.durationMs) * timeline;
  const lanes = new Map(t.lanes.map((l) => [l.id, l]));
  const top = new Map<string, number>();
  let y = AXIS;
  for (const l of t.lanes) {
    top.set(l.id, y);
    y += Math.max(LANE_MIN, l.rows * ROW + 14);
  }
  const height = y + 8;
  const laneHeight = (l: TraceLane) => Math.max(LANE_MIN, l.rows * ROW + 14);
  const barY = (c: TraceCall) => (top.get(c.lane) ?? 0) + 10 + c.row * ROW;
  const out: string[] = [];
  out.push(`<svg class="trace" viewBox="0 0 ${W} ${height}" width="${W}" height="${height}" role="img" aria-label="waterfall of session ${esc(t.sessionId)}" xmlns="http://www.w3.org/2000/svg">`);
  out.push('<defs><marker id="arrow" viewBox="0 0 8 8" refX="7" refY="4" markerWidth="7" markerHeight="7" orient="auto"><path d="M0,0 L8,4 L0,8 z" class="arrow-head"/></marker></defs>');
  // Lane stripes, then the time grid over them.
  t.lanes.forEach((l, i) => out.push(`<rect class="stripe${i % 2 ? ' odd' : ''}" x="0" y="${top.get(l.id)}" width="${W}" height="${laneHeight(l)}"/>`));
  const step = tickStep(t.durationMs);
  for (let ms = 0; ms <= t.durationMs + 1e-9; ms += step) {
    out.push(`<line class="grid" x1="${x(ms)}" x2="${x(ms)}" y1="${AXIS - 6}" y2="${height - 8}"/>`);
    out.push(`<text class="tick" x="${x(ms)}" y="${AXIS - 12}" text-anchor="middle">${esc(tickLabel(ms, step))}</text>`);
  }
  // Waves: a band from the first call of the batch to the end of the last lane it launched.
  for (const w of t.waves) {
    const members = [w.lane, ...w.lanes].map((id) => lanes.get(id)).filter((l): l is TraceLane => !!l);
    const y0 = Math.min(...members.map((l) => top.get(l.id) ?? 0));
    const y1 = Math.max(...members.map((l) => (top.get(l.id) ?? 0) + laneHeight(l)));
    out.push(`<g class="wave" data-wave="${w.n}"><rect x="${x(w.start)}" y="${y0}" width="${Math.max(4, x(w.end) - x(w.start))}" height="${y1 - y0}"/></g>`);
  }
  for (const l of t.lanes) {
    const y0 = top.get(l.id) ?? 0;
    const h = laneHeight(l);
    const indent = 10 + l.depth * 16;
    out.push(`<g class="lane status-${esc(l.status)}" id="lane-${esc(l.id)}" data-lane="${esc(l.id)}">`);
    out.push(`<title>${esc(`${l.name}${l.label ? `: ${l.label}` : ''}\n${laneStats(l)}\n${l.models ?? ''}\n${formatMs(l.start)} → ${formatMs(l.end)} · ${l.status}${l.background ? ' · background' : ''}`)}</title>`);
    out.push(`<rect class="lane-span" x="${x(l.start)}" y="${y0 + 4}" width="${Math.max(2, x(l.end) - x(l.start))}" height="${h - 8}" rx="3"/>`);
    out.push(`<text class="lane-name" x="${indent}" y="${y0 + 17}">${l.depth ? '↳ ' : ''}${esc(cut(l.name, 28))}${l.status === 'error' ? ' ✗' : ''}</text>`);
    if (l.label) out.push(`<text class="lane-label" x="${indent}" y="${y0 + 31}">${esc(cut(l.label, 40 - l.depth * 2))}</text>`);
    out.push(`<text class="lane-stats" x="${indent}" y="${y0 + (l.label ? 45 : 31)}">${esc(laneStats(l))}</text>`);
    out.push('</g>');
  }
  for (const a of t.apiCalls) {
    const y0 = (top.get(a.lane) ?? 0) + 3;
    out.push(`<path class="api-call" data-lane="${esc(a.lane)}" d="M${x(a.at)},${y0} l3,3 l-3,3 l-3,-3 z"><title>${esc(`API response at ${formatMs(a.at)} · ${a.model ?? ''} · ${formatTokens(a.tokens)} tokens · ${formatUsd(a.costUsd)}`)}</title></path>`);
  }
  for (const c of t.calls) {
    const bx = x(c.start);
    const bw = Math.max(3, x(c.end) - bx);
    out.push(`<g class="call status-${esc(c.status)}" data-tool-use-id="${esc(c.toolUseId)}" data-tool="${esc(c.tool)}" data-status="${esc(c.status)}" data-lane="${esc(c.lane)}">`);
    out.push(`<title>${esc(callTitle(c, lanes))}</title><rect x="${bx}" y="${barY(c)}" width="${bw}" height="${BAR}" rx="2"/>`);
    if (bw > c.tool.length * 7 + 8) out.push(`<text x="${bx + 4}" y="${barY(c) + 11}">${esc(c.tool)}</text>`);
    out.push('</g>');
  }
  // Wave labels on top of everything, on a pill at the band's foot, so no lane hides them.
  for (const w of t.waves) {
    const members = [w.lane, ...w.lanes].map((id) => lanes.get(id)).filter((l): l is TraceLane => !!l);
    const foot = Math.max(...members.map((l) => (top.get(l.id) ?? 0) + laneHeight(l)));
    const text = `wave ${w.n} · ${w.calls} ${w.tools.join('/')} calls in parallel`;
    out.push(`<g class="wave-label" data-wave="${w.n}"><rect x="${x(w.start) + 2}" y="${foot - 17}" width="${text.length * 6.4 + 10}" height="15" rx="7"/><text x="${x(w.start) + 7}" y="${foot - 6}">${esc(text)}</text></g>`);
  }
  // Launch links: from the Agent call down to the start of the lane it launched.
  for (const c of t.calls.filter((c) => c.launches && lanes.has(c.launches))) {
    const target = lanes.get(c.launches as string) as TraceLane;
    const x1 = x(c.start) + 2;
    const y1 = barY(c) + BAR;
    const y2 = (top.get(target.id) ?? 0) + 17;
    const x2 = Math.max(x1 + 6, x(target.start));
    const d = `M${x1},${y1} V${y2} H${x2}`;
    // A wide transparent twin of the line takes the clicks: a 1.5 px line is hard to hit.
    out.push(`<a href="#lane-${esc(target.id)}" class="link" data-from="${esc(c.toolUseId)}" data-to="${esc(target.id)}"><path class="hit" d="${d}"/><path class="line" d="${d}" marker-end="url(#arrow)"/><title>${esc(`launches ${target.name}${target.label ? `: ${target.label}` : ''}`)}</title></a>`);
  }
  out.push('</svg>');
  return out.join('\n');
}

function callRows(t: SessionTrace): string {
  const lanes = new Map(t.lanes.map((l) => [l.id, l]));
  return [...t.calls]
    .sort((a, b) => a.start - b.start)
    .map((c) => {
      const lane = lanes.get(c.lane);
      const launched = c.launches ? lanes.get(c.launches) : undefined;
      const what = c.error ?? c.detail ?? (launched ? `launches ${launched.name}${launched.label ? `: ${launched.label}` : ''}` : '');
      return `<tr class="status-${esc(c.status)}" data-tool-use-id="${esc(c.toolUseId)}"><td class="num">${esc(formatMs(c.start))}</td><td>${esc(lane?.name ?? c.lane)}</td><td>${esc(c.tool)}</td><td><span class="dot"></span>${esc(c.status)}</td><td class="num">${esc(formatMs(c.end - c.start))}</td><td class="num">${c.wave ?? ''}</td><td class="what">${esc(cut(what, 200))}</td></tr>`;
    })
    .join('\n');
}

function page(title: string, body: string): string {
  return `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>${esc(title)}</title>
  <link rel="stylesheet" href="/assets/app.css">
  <link rel="stylesheet" href="/assets/session.css">
</head>
<body class="session-page">
${body}
</body>
</html>
`;
}

export function sessionPage(t: SessionTrace): string {
  const tot = t.totals;
  const summary = [
    `started ${t.startedAt.replace('T', ' ').replace(/\.\d+Z$/, ' UTC')}`,
    formatMs(t.durationMs),
    t.lanes.length === 1 ? 'main thread only, no subagent' : `${t.lanes.length} lanes: main + ${t.lanes.length - 1} subagent${t.lanes.length === 2 ? '' : 's'}`,
    t.waves.length ? `${t.waves.length} wave${t.waves.length === 1 ? '' : 's'} of parallel calls` : '',
    `${tot.toolCalls} tool calls, ${tot.failedToolCalls} failed`,
    `${tot.apiCalls} API calls`,
    `${formatTokens(tot.tokens)} tokens`,
    formatUsd(tot.costUsd, tot.unpricedCalls),
  ];
  const legend = STATUSES.map((s) => `<span class="key status-${s}"><span class="dot"></span>${s}</span>`).join('') +
    '<span class="key"><span class="tick-mark"></span>API response</span><span class="key"><span class="wave-mark"></span>wave: calls one message issued together</span><span class="key"><span class="link-mark"></span>launch</span>';
  return page(
    `session ${t.sessionId} · agentdag`,
    `<header><a href="/" class="back">← dashboard</a><h1>Session <code>${esc(t.sessionId)}</code></h1></header>
<main class="trace-main">
<p class="summary" id="trace-summary">${summary.filter(Boolean).map(esc).join(' · ')}</p>
<p class="legend">${legend}</p>
<div class="trace-box">${traceSvg(t)}</div>
<h2>Tool calls</h2>
<table id="calls-table"><thead><tr><th class="num">at</th><th>lane</th><th>tool</th><th>outcome</th><th class="num">took</th><th class="num">wave</th><th>command, file or error</th></tr></thead>
<tbody>${callRows(t)}</tbody></table>
</main>`,
  );
}

export function noSessionPage(id: string, message: string, fix: string): string {
  return page(`no session · agentdag`, `<header><a href="/" class="back">← dashboard</a><h1>No session <code>${esc(id)}</code></h1></header><main class="trace-main"><p class="error">${esc(message)}</p><p>${esc(fix)}</p></main>`);
}
