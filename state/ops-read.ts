// Read operations as commands see them: list, show, status, the event log, the invariant checks,
// and the sweep (list and status sweep expired leases first, so they never show a dead claim).
import type { Graph } from './graph';
import { runChecks } from './invariants';
import { sweep } from './leases';
import { listEvents, listTasks, ListFilter, projectStatus, readyList, showTask } from './queries';

export { sweep };

export function list(g: Graph, f: ListFilter & { ready?: boolean }) {
  sweep(g);
  if (f.ready) return readyList(g, f.limit ?? 100);
  return listTasks(g, { ...f, parent: f.parent ? g.resolve(f.parent) : undefined });
}

export function show(g: Graph, idInput: string) {
  return showTask(g, g.resolve(idInput));
}

export function status(g: Graph) {
  sweep(g);
  return projectStatus(g);
}

export function events(g: Graph, o: { since?: number; task?: string; limit?: number; allProjects?: boolean }) {
  const task = o.task ? g.resolve(o.task) : undefined;
  return listEvents(g, { since: o.since, task, limit: o.limit ?? (o.since === undefined ? 50 : 1000), allProjects: o.allProjects });
}

export function check(g: Graph) {
  return runChecks(g);
}
