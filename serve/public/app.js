// agentdag dashboard: plain browser JS, no build step, Chart.js served by the same server.
'use strict';
(function () {
  const token = new URLSearchParams(location.search).get('token');
  const withToken = (url) => (token ? url + (url.includes('?') ? '&' : '?') + 'token=' + encodeURIComponent(token) : url);
  const charts = {};
  window.agentdagDashboard = { charts, loaded: {} };

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

  // Wave timeline: one floating bar per wave, grouped by execution (seed 003, §5.1).
  async function loadWaves() {
    try {
      const { waves } = await getJson('/api/v1/waves');
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
    } catch (e) {
      showError('waves-table', e);
    }
  }

  async function loadCost() {
    try {
      const { days } = await getJson('/api/v1/cost-by-model');
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
    } catch (e) {
      showError('cost-table', e);
    }
  }

  async function loadRouting() {
    try {
      const { routes } = await getJson('/api/v1/routing-success');
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
    } catch (e) {
      showError('routing-table', e);
    }
  }

  async function loadExecutions() {
    try {
      const { executions } = await getJson('/api/v1/dag-executions?limit=20');
      fillTable('executions-table', executions, (x) => [x.title || x.executionId, x.status, x.totalTasks, x.completedTasks, x.failedTasks, x.waitingTasks, fmtDuration(x.durationMs), fmtUsd(x.totalCostUsd)]);
      document.getElementById('warehouse-status').textContent = '';
      window.agentdagDashboard.loaded.executions = executions.length;
    } catch (e) {
      showError('executions-table', e);
      document.getElementById('warehouse-status').textContent = 'warehouse: ' + e.message;
    }
  }

  // Plain symbols, not emoji: they render with the fonts every system has (headless Chromium included).
  async function loadTaskCost() {
    try {
      const { tasks } = await getJson('/api/v1/task-cost');
      fillTable('task-cost-table', tasks.slice(0, 30), (t) => [t.title, t.status, t.verified ? 'yes' : 'no', t.agentId || '', t.model || '', Math.round(t.totalTokens), fmtUsd(t.costUsd), fmtDuration(t.wallMs)]);
      window.agentdagDashboard.loaded.taskCost = tasks.length;
    } catch (e) {
      showError('task-cost-table', e);
    }
  }

  const ICON = { running: '● Running', claimed: '● Claimed', done: '✓ Completed', done_partial: '✓ Partly done', failed: '✗ Failed', ready: '○ Queued', pending: '◌ Blocked', cancelled: '– Cancelled' };

  // Parallel agents view, as drawn in seed 003 §5.2: one column per task list (project).
  async function loadAgents() {
    const board = document.getElementById('agents-board');
    try {
      const [live, conc] = await Promise.all([getJson('/api/v1/agents/live'), getJson('/api/v1/concurrency').catch(() => ({ sessions: [] }))]);
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
      const peakOf = (source) => Math.max(0, ...conc.sessions.filter((s) => s.source === source).map((s) => Number(s.peakConcurrentAgents || 0)));
      const peak = Math.max(live.activeAgents, peakOf('task_graph'));
      const tot = live.projects.reduce((a, p) => ({ total: a.total + p.counts.total, done: a.done + p.counts.done, failed: a.failed + p.counts.failed }), { total: 0, done: 0, failed: 0 });
      document.getElementById('agents-summary').textContent =
        'Peak Parallelism: ' + peak + ' agents │ Active now: ' + live.activeAgents + ' │ Total Tasks: ' + tot.total + ' │ Completed: ' + tot.done + ' │ Failed: ' + tot.failed +
        ' │ Peak Claude Code subagents: ' + peakOf('claude_code');
      window.agentdagDashboard.loaded.agents = live.projects.length;
    } catch (e) {
      board.replaceChildren(el('p', { class: 'error' }, String(e.message || e)));
    }
  }

  let refreshTimer = null;
  function refreshSoon() {
    clearTimeout(refreshTimer);
    refreshTimer = setTimeout(loadAgents, 150);
  }

  function connectEvents() {
    const status = document.getElementById('live-status');
    const log = document.getElementById('event-log');
    const source = new EventSource(withToken('/api/v1/events?after=0'));
    source.onopen = () => { status.textContent = 'live'; status.className = 'badge live'; };
    source.onerror = () => { status.textContent = 'reconnecting…'; status.className = 'badge down'; };
    source.onmessage = (m) => {
      const ev = JSON.parse(m.data);
      const type = ev.event_type || ev.type || ev.kind || 'event';
      log.prepend(el('li', {}, '#' + ev.id + ' ' + type + ' ' + (ev.task_id || '') + ' ' + (ev.created_at || ev.timestamp || ev.ts || '')));
      while (log.children.length > 50) log.lastChild.remove();
      refreshSoon();
    };
  }

  async function loadAll() {
    await Promise.all([loadAgents(), loadWaves(), loadCost(), loadRouting(), loadExecutions(), loadTaskCost()]);
    window.agentdagDashboard.ready = true;
    document.body.dataset.ready = 'true';
  }

  document.addEventListener('DOMContentLoaded', () => {
    void loadAll();
    connectEvents();
    setInterval(loadAgents, 5000);
    setInterval(() => { void loadWaves(); void loadCost(); void loadRouting(); void loadExecutions(); void loadTaskCost(); }, 60000);
  });
})();
