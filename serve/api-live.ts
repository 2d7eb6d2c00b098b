// The live parallel-agents view (seed 003 §5.2), straight from the SQLite task graph:
// per project, its tasks with their state and agent, and the wave (dependency level) the
// project is in now. Read-only, one short connection per request (~1 ms at 1k tasks).
import * as fs from 'node:fs';
import { openDb } from '../state/db';
import { taskWaves, type Dependency, type LevelTask } from '../ingest/task-graph-levels';

interface TaskRow {
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
}

const TERMINAL = new Set(['done', 'done_partial', 'failed', 'cancelled']);
const SHOW_ORDER: Record<string, number> = { running: 0, claimed: 1, ready: 2, failed: 3, done: 4, done_partial: 4, pending: 5, cancelled: 6 };
const MAX_TASKS_SHOWN = 40;

export function liveAgents(tasksFile: string, now = Date.now()): unknown {
  if (!fs.existsSync(tasksFile)) return { projects: [], activeAgents: 0, activeTasks: 0 };
  const db = openDb(tasksFile, { readonly: true, busyTimeoutMs: 1000 });
  try {
    const projects = db.prepare("SELECT id, name FROM projects WHERE status = 'active' ORDER BY created_at").all() as { id: string; name: string }[];
    const tasks = db
      .prepare(
        `SELECT id, project_id, title, status, agent_id, session_id, claimed_at, completed_at, failed_at, cancelled_at, created_at
         FROM tasks WHERE kind = 'task' AND project_id IN (SELECT id FROM projects WHERE status = 'active')`,
      )
      .all() as TaskRow[];
    const shape = db.prepare('SELECT id, parent_task_id, kind FROM tasks WHERE project_id IN (SELECT id FROM projects WHERE status = \'active\')').all() as LevelTask[];
    const deps = db.prepare('SELECT from_task, to_task, kind FROM dependencies').all() as Dependency[];
    const active = db.prepare('SELECT count(DISTINCT agent_id) AS agents, coalesce(sum(tasks_held), 0) AS tasks FROM v_active_agents').get() as { agents: number; tasks: number };
    const levels = taskWaves(shape, deps);
    const secs = (from: string | null, to: string | null) => (from ? Math.max(0, Math.round(((to ? Date.parse(to) : now) - Date.parse(from)) / 1000)) : null);
    const out = projects
      .map((p) => {
        const mine = tasks.filter((t) => t.project_id === p.id);
        const open = mine.filter((t) => !TERMINAL.has(t.status)).map((t) => levels.get(t.id)!);
        const shown = [...mine].sort((a, b) => (SHOW_ORDER[a.status] ?? 9) - (SHOW_ORDER[b.status] ?? 9) || a.created_at.localeCompare(b.created_at)).slice(0, MAX_TASKS_SHOWN);
        return {
          projectId: p.id,
          title: p.name,
          currentWave: open.length ? Math.min(...open) : null,
          counts: {
            total: mine.length,
            done: mine.filter((t) => t.status === 'done' || t.status === 'done_partial').length,
            failed: mine.filter((t) => t.status === 'failed').length,
            running: mine.filter((t) => t.status === 'running' || t.status === 'claimed').length,
          },
          tasks: shown.map((t) => ({
            taskId: t.id,
            title: t.title,
            status: t.status,
            agent: t.agent_id,
            sessionId: t.session_id,
            wave: levels.get(t.id),
            seconds: t.status === 'running' || t.status === 'claimed' ? secs(t.claimed_at, null) : secs(t.claimed_at, t.completed_at ?? t.failed_at ?? t.cancelled_at),
          })),
        };
      })
      .filter((p) => p.counts.total > 0);
    return { projects: out, activeAgents: active.agents, activeTasks: active.tasks };
  } finally {
    db.close();
  }
}
