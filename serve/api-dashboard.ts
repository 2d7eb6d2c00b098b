// Warehouse reads behind the dashboard's charts. Each returns plain rows; the page draws them.
import type { WarehouseReader } from './warehouse-reader';
import { apiObject } from './api-executions';

/** Wave timeline (Gantt): one bar per wave of each execution. */
export async function waves(wh: WarehouseReader): Promise<unknown> {
  const [rows] = await wh.read([
    {
      sql: `SELECT w.*, e.title AS execution_title
            FROM v_wave_progress w LEFT JOIN dag_executions e USING (execution_id)
            ORDER BY w.started_at NULLS LAST, w.execution_id, w.wave_number LIMIT 500`,
    },
  ]);
  return { waves: rows.map(apiObject) };
}

/** Peak parallelism per concurrent execution session (task-graph claims and subagents alike). */
export async function concurrency(wh: WarehouseReader): Promise<unknown> {
  const [rows] = await wh.read([{ sql: 'SELECT * FROM concurrent_execution_sessions ORDER BY started_at DESC LIMIT 200' }]);
  return { sessions: rows.map(apiObject) };
}

/** Cost by model over time: one row per day and model. */
export async function costByModel(wh: WarehouseReader): Promise<unknown> {
  const [rows] = await wh.read([{ sql: 'SELECT * FROM v_cost_by_model_day ORDER BY day, model' }]);
  return { days: rows.map(apiObject) };
}

/** Routing success: per subagent type, how often its launches succeeded. */
export async function routingSuccess(wh: WarehouseReader): Promise<unknown> {
  const [rows] = await wh.read([{ sql: 'SELECT * FROM v_routing_success ORDER BY total_routings DESC, agent_name LIMIT 50' }]);
  return { routes: rows.map(apiObject) };
}

/** Measured cost per task (claim interval joined to the claiming session's API calls). */
export async function taskCost(wh: WarehouseReader): Promise<unknown> {
  const [rows] = await wh.read([{ sql: 'SELECT * FROM task_cost ORDER BY claimed_at DESC NULLS LAST LIMIT 500' }]);
  return { tasks: rows.map(apiObject) };
}
