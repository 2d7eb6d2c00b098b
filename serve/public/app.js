// agentdag dashboard: plain browser JS, no build step, Chart.js served by the same server.
'use strict';
(function () {
  const token = new URLSearchParams(location.search).get('token');
  const withToken = (url) => (token ? url + (url.includes('?') ? '&' : '?') + 'token=' + encodeURIComponent(token) : url);
  const charts = {};
  window.agentdagDashboard = { charts, loaded: {} };
  // The machine filter (a team warehouse holds several): the warehouse panels read ?host=.
  let host = new URLSearchParams(location.search).get('host') || '';
  const forHost = (url) => (host ? url + (url.includes('?') ? '&' : '?') + 'host=' + encodeURIComponent(host) : url);

  async function getJson(url) {
    const res = await fetch(withToken(url), { headers: { accept: 'application/json' } });
    const body = await res.json();
    if (!res.ok) throw new Error(body.error + (body.fix ? ' (' + body.fix + ')' : ''));
    return body;
  }

  function el(tag, attrs, ...children) {
    const e = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) e.setAttribute(k, v);
    for (const c of children) e.append(c instanceof Node ? c : document.createTextNode(String(c)));
    return e;
  }

  function fillTable(id, rows, cells) {
    const tbody = document.querySelector('#' + id + ' tbody');
    tbody.replaceChildren(...rows.map((r) => el('tr', {}, ...cells(r).map((c) => el('td', typeof c === 'number' ? { class: 'num' } : {}, c ?? '')))));
    if (rows.length === 0) tbody.replaceChildren(el('tr', {}, el('td', { colspan: '8', class: 'muted' }, 'no data yet')));
  }

  function showError(id, err) {
    const tbody = document.querySelector('#' + id + ' tbody');
    if (tbody) tbody.replaceChildren(el('tr', {}, el('td', { colspan: '8', class: 'error' }, String(err.message || err))));
  }

  const fmtDuration = (ms) => {
    if (ms === null || ms === undefined) return '';
    const s = Math.round(ms / 1000);
    return s < 60 ? s + 's' : Math.floor(s / 60) + 'm ' + (s % 60) + 's';
  };
  const fmtUsd = (v) => (v === null || v === undefined ? 'unpriced' : Number(v).toFixed(4));

  function drawChart(id, config) {
    if (!window.Chart) return;
    if (charts[id]) charts[id].destroy();
    charts[id] = new window.Chart(document.getElementById(id), config);
  }

  function failed(id, data) {
    if (!data || !data.error) return false;
    showError(id, new Error(data.error + (data.fix ? ' (' + data.fix + ')' : '')));
    return true;
  }

  // Wave timeline: one floating bar per wave, grouped by execution (seed 003, §5.1).
  function renderWaves(data) {
    if (failed('waves-table', data)) return;
    const waves = data.waves;
    const timed = waves.filter((w) => w.startedAt);
    const t0 = Math.min(...timed.map((w) => Date.parse(w.startedAt)));
    const labels = timed.map((w) => (w.executionTitle || w.executionId) + ' · Wave ' + w.waveNumber + ' (' + w.taskCount + (w.taskCount === 1 ? ' task)' : ' tasks)'));
    drawChart('wave-gantt', {
      type: 'bar',
      data: {
        labels,
        datasets: [{
          label: 'seconds from the first wave start',
          data: timed.map((w) => [(Date.parse(w.startedAt) - t0) / 1000, ((w.completedAt ? Date.parse(w.completedAt) : Date.now()) - t0) / 1000]),
          backgroundColor: timed.map((w) => (w.failedCount > 0 ? '#c0392b' : w.status === 'completed' ? '#1f8a4c' : '#2266cc')),
        }],
      },
      options: { indexAxis: 'y', responsive: true, maintainAspectRatio: false, animation: false, scales: { x: { title: { display: true, text: 'seconds' } } }, plugins: { legend: { display: false } } },
    });
    fillTable('waves-table', waves, (w) => [w.executionTitle || w.executionId, 'Wave ' + w.waveNumber, w.taskCount, w.completedCount, w.failedCount, w.maxParallelism, fmtDuration(w.durationMs)]);
    window.agentdagDashboard.loaded.waves = waves.length;
  }

  function renderCost(data) {
    if (failed('cost-table', data)) return;
    const days = data.days;
    const dayLabels = [...new Set(days.map((d) => String(d.day).slice(0, 10)))];
    const models = [...new Set(days.map((d) => d.model))];
    const palette = ['#2266cc', '#1f8a4c', '#a07000', '#8e44ad', '#c0392b', '#16a085'];
    drawChart('cost-by-model', {
      type: 'bar',
      data: {
        labels: dayLabels,
        datasets: models.map((m, i) => ({
          label: m,
          backgroundColor: palette[i % palette.length],
          data: dayLabels.map((day) => days.filter((d) => d.model === m && String(d.day).slice(0, 10) === day).reduce((s, d) => s + Number(d.costUsd || 0), 0)),
        })),
      },
      options: { responsive: true, maintainAspectRatio: false, animation: false, scales: { x: { stacked: true }, y: { stacked: true, title: { display: true, text: 'USD' } } } },
    });
    fillTable('cost-table', days, (d) => [String(d.day).slice(0, 10), d.model, d.apiCalls, d.totalTokens, fmtUsd(d.costUsd)]);
    window.agentdagDashboard.loaded.cost = days.length;
  }

  function renderRouting(data) {
    if (failed('routing-table', data)) return;
    const routes = data.routes;
    // v_routing_success's headline: the routed subagents that completed (success_rate); the
    // seed's rate over the tool calls inside them is step_success_rate.
    const completedPct = (r) => r.successRate;
    drawChart('routing-success', {
      type: 'bar',
      data: {
        labels: routes.map((r) => r.agentName),
        datasets: [
          { label: 'subagents completed (%)', data: routes.map(completedPct), backgroundColor: '#2266cc' },
          { label: 'tool calls succeeded (%)', data: routes.map((r) => r.stepSuccessRate), backgroundColor: '#1f8a4c' },
        ],
      },
      options: { responsive: true, maintainAspectRatio: false, animation: false, scales: { y: { min: 0, max: 100 } } },
    });
    fillTable('routing-table', routes, (r) => [r.agentName, r.totalRoutings, r.completedSubagents, completedPct(r) === null ? '' : completedPct(r) + '%', r.stepSuccessRate === null ? '' : r.stepSuccessRate + '%']);
    window.agentdagDashboard.loaded.routing = routes.length;
  }

  function renderExecutions(data) {
    document.getElementById('warehouse-status').textContent = data && data.error ? 'warehouse: ' + data.error : '';
    if (failed('executions-table', data)) return;
    const executions = data.executions;
    fillTable('executions-table', executions, (x) => [x.title || x.executionId, x.status, x.totalTasks, x.completedTasks, x.failedTasks, x.waitingTasks, fmtDuration(x.durationMs), fmtUsd(x.totalCostUsd)]);
    window.agentdagDashboard.loaded.executions = executions.length;
  }

  function renderTaskCost(data) {
    if (failed('task-cost-table', data)) return;
    const tasks = data.tasks;
    fillTable('task-cost-table', tasks.slice(0, 30), (t) => [t.title, t.status, t.verified ? 'yes' : 'no', t.agentId || '', t.model || '', Math.round(t.totalTokens), fmtUsd(t.costUsd), fmtDuration(t.wallMs)]);
    window.agentdagDashboard.loaded.taskCost = tasks.length;
  }

  // Each session links to its trace (/sessions/<id>): lanes, tool calls, launches, waves.
  function renderSessions(data) {
    if (failed('sessions-table', data)) return;
    const sessions = data.sessions;
    fillTable('sessions-table', sessions, (s) => [
      el('a', { class: 'session-link', href: withToken('/sessions/' + encodeURIComponent(s.sessionId)), title: s.sessionId }, String(s.sessionId).slice(0, 8) + '…'),
      String(s.startedAt || '').slice(5, 19).replace('T', ' '),
      String(s.status || '').toLowerCase(),
      fmtDuration(s.durationMs),
      s.agentsUsed,
      s.toolsInvoked,
      s.toolsFailed,
      fmtUsd(s.totalCostUsd),
    ]);
    window.agentdagDashboard.loaded.sessions = sessions.length;
  }

  // Plain symbols, not emoji: they render with the fonts every system has (headless Chromium included).
  const ICON = { running: '● Running', claimed: '● Claimed', done: '✓ Completed', done_partial: '✓ Partly done', failed: '✗ Failed', ready: '○ Queued', pending: '◌ Blocked', cancelled: '– Cancelled' };

  // Parallel agents view, as drawn in seed 003 §5.2: one column per task list (project).
  function renderAgents(live, conc) {
    const board = document.getElementById('agents-board');
    if (live && live.error) return board.replaceChildren(el('p', { class: 'error' }, live.error));
    const sessions = conc && conc.sessions ? conc.sessions : [];
    board.replaceChildren(
      ...live.projects.map((p) =>
        el('div', { class: 'task-list' },
          el('h3', {}, 'TASK LIST ' + (p.title || p.projectId) + (p.currentWave ? ' (Wave ' + p.currentWave + ')' : '')),
          el('ul', {}, ...p.tasks.map((t) =>
            el('li', {}, (t.agent ? t.agent.slice(0, 12) + ': ' : '') + t.taskId + ' ' + t.title,
              el('span', { class: 'state ' + t.status }, '└─ ' + (ICON[t.status] || t.status) + (t.seconds !== null && t.seconds !== undefined ? ' (' + fmtDuration(t.seconds * 1000) + ')' : '')))))),
      ),
    );
    if (live.projects.length === 0) board.replaceChildren(el('p', { class: 'muted' }, 'no task graph yet: agents create one with `agentdag task add`'));
    const peakOf = (source) => Math.max(0, ...sessions.filter((s) => s.source === source).map((s) => Number(s.peakConcurrentAgents || 0)));
    const peak = Math.max(live.activeAgents, peakOf('task_graph'));
    const tot = live.projects.reduce((a, p) => ({ total: a.total + p.counts.total, done: a.done + p.counts.done, failed: a.failed + p.counts.failed }), { total: 0, done: 0, failed: 0 });
    document.getElementById('agents-summary').textContent =
      'Peak Parallelism: ' + peak + ' agents │ Active now: ' + live.activeAgents + ' │ Total Tasks: ' + tot.total + ' │ Completed: ' + tot.done + ' │ Failed: ' + tot.failed +
      ' │ Peak Claude Code subagents: ' + peakOf('claude_code');
    window.agentdagDashboard.loaded.agents = live.projects.length;
  }

  // Each panel: its endpoint, its table (where errors show), how to draw it, and whether the
  // machine filter applies (the task-graph panels keep the warehouse's own machine).
  const PANELS = {
    waves: { url: '/api/v1/waves', table: 'waves-table', render: renderWaves, byHost: true },
    cost: { url: '/api/v1/cost-by-model', table: 'cost-table', render: renderCost, byHost: true },
    routing: { url: '/api/v1/routing-success', table: 'routing-table', render: renderRouting, byHost: true },
    executions: { url: '/api/v1/dag-executions?limit=20', table: 'executions-table', render: renderExecutions },
    taskCost: { url: '/api/v1/task-cost', table: 'task-cost-table', render: renderTaskCost, byHost: true },
    sessions: { url: '/api/v1/sessions', table: 'sessions-table', render: renderSessions },
  };

  async function load(name) {
    const p = PANELS[name];
    try {
      p.render(await getJson(p.byHost ? forHost(p.url) : p.url));
    } catch (e) {
      showError(p.table, e);
    }
  }

  async function loadAgents() {
    try {
      const [live, conc] = await Promise.all([getJson('/api/v1/agents/live'), getJson('/api/v1/concurrency').catch(() => ({ sessions: [] }))]);
      renderAgents(live, conc);
    } catch (e) {
      document.getElementById('agents-board').replaceChildren(el('p', { class: 'error' }, String(e.message || e)));
    }
  }

  let refreshTimer = null;
  function refreshSoon() {
    clearTimeout(refreshTimer);
    refreshTimer = setTimeout(loadAgents, 150);
  }

  function logEvent(ev) {
    const log = document.getElementById('event-log');
    const type = ev.event_type || ev.type || ev.kind || 'event';
    log.prepend(el('li', {}, '#' + ev.id + ' ' + type + ' ' + (ev.task_id || '') + ' ' + (ev.created_at || ev.timestamp || ev.ts || '')));
    while (log.children.length > 50) log.lastChild.remove();
  }

  function connectEvents(after) {
    const status = document.getElementById('live-status');
    const source = new EventSource(withToken('/api/v1/events?after=' + after));
    source.onopen = () => { status.textContent = 'live'; status.className = 'badge live'; };
    source.onerror = () => { status.textContent = 'reconnecting…'; status.className = 'badge down'; };
    source.onmessage = (m) => {
      logEvent(JSON.parse(m.data));
      refreshSoon();
    };
  }

  // The server embeds every panel's first data in the page (serve/dashboard-page.ts): draw it at
  // once, before the load event, so nothing shows "loading…"; later refreshes use the endpoints.
  function initialData() {
    const node = document.getElementById('initial-data');
    try {
      return node ? JSON.parse(node.textContent) : null;
    } catch {
      return null;
    }
  }

  // One option per machine the warehouse knows (report hosts); choosing one reloads the panels.
  async function loadHosts() {
    const select = document.getElementById('host-filter');
    try {
      const { hosts } = await getJson('/api/v1/hosts');
      select.replaceChildren(el('option', { value: '' }, 'all machines'), ...hosts.map((h) => el('option', { value: h.host }, h.host + (h.thisMachine ? ' (this one)' : ''))));
      select.value = host;
      select.hidden = hosts.length < 2 && !host;
    } catch {
      select.hidden = true;
    }
    select.onchange = () => {
      host = select.value;
      void Promise.all(Object.keys(PANELS).filter((name) => PANELS[name].byHost).map(load));
    };
  }

  function start() {
    // The embedded first data covers every machine: with ?host= the panels load filtered instead.
    const initial = host ? null : initialData();
    let lastEvent = 0;
    // "Ready" means every control is filled in too: the machine picker loads its own list, and a
    // page marked ready before that had an empty picker under load (test/lake/team.test.ts in CI).
    const hostsLoaded = loadHosts();
    const markReady = () => {
      window.agentdagDashboard.ready = true;
      document.body.dataset.ready = 'true';
    };
    if (initial) {
      renderAgents(initial.agents, initial.concurrency);
      for (const name of Object.keys(PANELS)) PANELS[name].render(initial[name]);
      const events = Array.isArray(initial.events) ? initial.events : [];
      for (const ev of events) logEvent(ev);
      lastEvent = events.length ? events[events.length - 1].id : 0;
      void hostsLoaded.then(markReady);
    } else {
      void Promise.all([hostsLoaded, loadAgents(), ...Object.keys(PANELS).map(load)]).then(markReady);
    }
    connectEvents(lastEvent);
    setInterval(loadAgents, 5000);
    setInterval(() => Object.keys(PANELS).forEach((name) => void load(name)), 60000);
  }

  // Defer scripts run before DOMContentLoaded, with the document parsed: draw now.
  start();
})();
