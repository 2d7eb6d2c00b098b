// The live view of the task graph for the dashboard (serve/api-live.ts shapes it): the active
// projects, their workable tasks, each task's wave, and how many agents hold work now. Read-only,
// one short connection per call (~1 ms at 1k tasks).
import { Graph } from './graph';
import { graphExists, graphLocation } from './store/open';
import { taskWaves, type Dependency, type LevelTask } from './waves';

export interface LiveTask {
  id: string;
  project_id: string;
  title: string;
  status: string;
  agent_id: string | null;
  session_id: string | null;
  claimed_at: string | null;
  completed_at: string | null;
  failed_at: string | null;
  cancelled_at: string | null;
  created_at: string;
  /** Dependency level (1 = nothing blocks it), state/waves.ts. */
  wave: number;
}

export interface LiveGraph {
  projects: { id: string; name: string }[];
  tasks: LiveTask[];
  activeAgents: number;
  activeTasks: number;
}

const ACTIVE_PROJECTS = "SELECT id FROM projects WHERE status = 'active'";

/** The live view, or null when there is no task graph yet. */
export function readLive(file: string): LiveGraph | null {
  if (!graphExists(file)) return null;
  const g = Graph.openReadOnly(graphLocation(file), { busyTimeoutMs: 1000 });
  try {
    return g.read(() => {
      if (!g.hasTable('tasks')) return null;
      const projects = g.stmt("SELECT id, name FROM projects WHERE status = 'active' ORDER BY created_at").all() as { id: string; name: string }[];
      const rows = g
        .stmt(
          `SELECT id, project_id, title, status, agent_id, session_id, claimed_at, completed_at, failed_at, cancelled_at, created_at
           FROM tasks WHERE kind = 'task' AND project_id IN (${ACTIVE_PROJECTS})`,
        )
        .all() as Omit<LiveTask, 'wave'>[];
      const shape = g.stmt(`SELECT id, parent_task_id, kind FROM tasks WHERE project_id IN (${ACTIVE_PROJECTS})`).all() as LevelTask[];
      const deps = g.stmt('SELECT from_task, to_task, kind FROM dependencies').all() as Dependency[];
      const active = g.stmt('SELECT count(DISTINCT agent_id) AS agents, coalesce(sum(tasks_held), 0) AS tasks FROM v_active_agents').get() as { agents: number; tasks: number };
      const waves = taskWaves(shape, deps);
      return { projects, tasks: rows.map((t) => ({ ...t, wave: waves.get(t.id)! })), activeAgents: active.agents, activeTasks: active.tasks };
    });
  } finally {
    g.close();
  }
}
