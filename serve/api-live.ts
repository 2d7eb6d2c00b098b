// The live parallel-agents view (seed 003 §5.2), from the task graph's live read (state/read.ts):
// per project, its tasks with their state and agent, and the wave (dependency level) the
// project is in now.
import { isTerminal, SUCCEEDED } from '../state/graph';
import { readLive } from '../state/read';

const SHOW_ORDER: Record<string, number> = { running: 0, claimed: 1, ready: 2, failed: 3, done: 4, done_partial: 4, pending: 5, cancelled: 6 };
const MAX_TASKS_SHOWN = 40;

export function liveAgents(tasksFile: string, now = Date.now()): unknown {
  const live = readLive(tasksFile);
  if (!live) return { projects: [], activeAgents: 0, activeTasks: 0 };
  const secs = (from: string | null, to: string | null) => (from ? Math.max(0, Math.round(((to ? Date.parse(to) : now) - Date.parse(from)) / 1000)) : null);
  const out = live.projects
    .map((p) => {
      const mine = live.tasks.filter((t) => t.project_id === p.id);
      const open = mine.filter((t) => !isTerminal(t.status)).map((t) => t.wave);
      const shown = [...mine].sort((a, b) => (SHOW_ORDER[a.status] ?? 9) - (SHOW_ORDER[b.status] ?? 9) || a.created_at.localeCompare(b.created_at)).slice(0, MAX_TASKS_SHOWN);
      return {
        projectId: p.id,
        title: p.name,
        currentWave: open.length ? Math.min(...open) : null,
        counts: {
          total: mine.length,
          done: mine.filter((t) => (SUCCEEDED as readonly string[]).includes(t.status)).length,
          failed: mine.filter((t) => t.status === 'failed').length,
          running: mine.filter((t) => t.status === 'running' || t.status === 'claimed').length,
        },
        tasks: shown.map((t) => ({
          taskId: t.id,
          title: t.title,
          status: t.status,
          agent: t.agent_id,
          sessionId: t.session_id,
          wave: t.wave,
          seconds: t.status === 'running' || t.status === 'claimed' ? secs(t.claimed_at, null) : secs(t.claimed_at, t.completed_at ?? t.failed_at ?? t.cancelled_at),
        })),
      };
    })
    .filter((p) => p.counts.total > 0);
  return { projects: out, activeAgents: live.activeAgents, activeTasks: live.activeTasks };
}
