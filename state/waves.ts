// Waves: a task's wave is 1 + the longest chain of blocking edges above it. Computed with Kahn's
// topological order in O(tasks + edges), for the live dashboard (state/read-live.ts). The
// warehouse computes the same rule in SQL (sql/facts/tg_task_levels.sql); test/analytics/task-waves
// holds the two to the same answers.

export interface Edge {
  from_task: string;
  to_task: string;
}

/** Wave of every task (1 for tasks with no upstream). Edges to unknown tasks are ignored; the task graph refuses cycles. */
export function dependencyLevels(taskIds: string[], edges: Edge[]): Map<string, number> {
  const level = new Map<string, number>();
  const indegree = new Map<string, number>();
  const out = new Map<string, string[]>();
  for (const id of taskIds) {
    level.set(id, 1);
    indegree.set(id, 0);
  }
  for (const e of edges) {
    if (!level.has(e.from_task) || !level.has(e.to_task)) continue;
    let list = out.get(e.from_task);
    if (!list) out.set(e.from_task, (list = []));
    list.push(e.to_task);
    indegree.set(e.to_task, indegree.get(e.to_task)! + 1);
  }
  const queue = taskIds.filter((id) => indegree.get(id) === 0);
  for (let head = 0; head < queue.length; head++) {
    const id = queue[head];
    const next = level.get(id)! + 1;
    for (const to of out.get(id) ?? []) {
      if (next > level.get(to)!) level.set(to, next);
      const left = indegree.get(to)! - 1;
      indegree.set(to, left);
      if (left === 0) queue.push(to);
    }
  }
  return level;
}

export interface LevelTask {
  id: string;
  parent_task_id: string | null;
  kind: string; // 'task' | 'composite'
}

export interface Dependency extends Edge {
  kind: string; // blocks | feeds_into | suggests
}

/**
 * Waves of the workable tasks (kind 'task') of a task graph. Only blocking edges (blocks,
 * feeds_into) order work; a composite task is a container, so an edge into or out of it stands
 * for edges into or out of each of its leaf tasks, however deep.
 */
export function taskWaves(tasks: LevelTask[], deps: Dependency[]): Map<string, number> {
  const children = new Map<string, string[]>();
  const kind = new Map<string, string>();
  for (const t of tasks) {
    kind.set(t.id, t.kind);
    if (t.parent_task_id) {
      let list = children.get(t.parent_task_id);
      if (!list) children.set(t.parent_task_id, (list = []));
      list.push(t.id);
    }
  }
  const leafCache = new Map<string, string[]>();
  const leaves = (id: string): string[] => {
    let out = leafCache.get(id);
    if (out) return out;
    out = kind.get(id) === 'task' ? [id] : [];
    for (const c of children.get(id) ?? []) out = out.concat(leaves(c));
    leafCache.set(id, out);
    return out;
  };
  const edges: Edge[] = [];
  for (const d of deps) {
    if (d.kind !== 'blocks' && d.kind !== 'feeds_into') continue;
    for (const from of leaves(d.from_task)) for (const to of leaves(d.to_task)) if (from !== to) edges.push({ from_task: from, to_task: to });
  }
  return dependencyLevels(tasks.filter((t) => t.kind === 'task').map((t) => t.id), edges);
}
