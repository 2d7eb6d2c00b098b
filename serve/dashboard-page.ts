// The dashboard page with its data inside: every panel's first data is read on the server and
// embedded as JSON (not executed: <script type="application/json">), so the page script draws
// everything before the load event. A plain `chromium --headless --screenshot` (which captures
// at load) or a reader on a slow link sees a full dashboard, not "loading…"; the page then
// refreshes from the JSON endpoints and the event stream as before.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { packageRoot } from '../core/package';
import type { DataPaths } from '../core/data-dir';
import { Graph } from '../state/graph';
import { listEvents } from '../state/queries';
import { graphExists } from '../state/read';
import type { WarehouseReader } from './warehouse-reader';
import { listExecutions } from './api-executions';
import { concurrency, costByModel, routingSuccess, taskCost, waves } from './api-dashboard';
import { liveAgents } from './api-live';
import { listSessions } from './api-sessions';

/**
 * Newest task-graph events, oldest first (what the live log shows before the stream takes over):
 * the same read as `agentdag task events`, through the state layer's own functions.
 */
export function recentEvents(tasksFile: string, limit = 50): Record<string, unknown>[] {
  if (!graphExists(tasksFile)) return [];
  const g = Graph.openReadOnly(tasksFile);
  try {
    return g.hasTable('events') ? (listEvents(g, { limit, allProjects: true }) as unknown as Record<string, unknown>[]) : [];
  } finally {
    g.close();
  }
}

/** A panel's data, or what went wrong (the page shows it in that panel, with the fix). */
async function panel(read: () => Promise<unknown> | unknown): Promise<unknown> {
  try {
    return await read();
  } catch (e) {
    return { error: (e as Error).message, fix: (e as { fix?: string }).fix ?? null };
  }
}

export async function initialData(wh: WarehouseReader, paths: DataPaths): Promise<Record<string, unknown>> {
  const events = await panel(() => recentEvents(paths.tasks));
  return {
    agents: await panel(() => liveAgents(paths.tasks)),
    concurrency: await panel(() => concurrency(wh)),
    waves: await panel(() => waves(wh)),
    cost: await panel(() => costByModel(wh)),
    routing: await panel(() => routingSuccess(wh)),
    executions: await panel(() => listExecutions(wh, new URL('http://localhost/?limit=20'))),
    taskCost: await panel(() => taskCost(wh)),
    sessions: await panel(() => listSessions(wh)),
    events,
  };
}

export async function dashboardHtml(wh: WarehouseReader, paths: DataPaths): Promise<string> {
  const template = fs.readFileSync(path.join(packageRoot(), 'serve', 'public', 'index.html'), 'utf8');
  // "<" escaped, so no value can close the script element early.
  const json = JSON.stringify(await initialData(wh, paths)).replace(/</g, '\\u003c');
  return template.replace('<!-- initial-data -->', `<script type="application/json" id="initial-data">${json}</script>`);
}
