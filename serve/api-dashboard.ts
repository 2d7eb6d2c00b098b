// Warehouse reads behind the dashboard's charts. Each returns plain rows; the page draws them.
// `host` (?host=NAME) keeps one machine of a team warehouse: the reports' machine filter; the
// task-graph panels show this warehouse's own task graph, so only for its own machine.
import type { WarehouseReader } from './warehouse-reader';
import { apiObject } from './api-executions';

/** ?host=NAME, or null for every machine. */
export function hostParam(url: URL): string | null {
  const h = url.searchParams.get('host');
  return h && h.trim() ? h.trim() : null;
}

const ALL_TIME = 'NULL::TIMESTAMP, NULL::TIMESTAMP, NULL::VARCHAR';
/** The task graph in a warehouse is its own machine's: a filter on another machine keeps none of it. */
const OWN_TASK_GRAPH = '($1::VARCHAR IS NULL OR $1 IN (SELECT host FROM v_hosts WHERE this_machine))';

/** Wave timeline (Gantt): one bar per wave of each execution. */
export async function waves(wh: WarehouseReader, host: string | null = null): Promise<unknown> {
  const [rows] = await wh.read([
    {
      sql: `SELECT w.*, e.title AS execution_title
            FROM v_wave_progress w LEFT JOIN dag_executions e USING (execution_id)
            WHERE ${OWN_TASK_GRAPH}
            ORDER BY w.started_at NULLS LAST, w.execution_id, w.wave_number LIMIT 500`,
      params: [host],
    },
  ]);
  return { waves: rows.map(apiObject) };
}

/** Peak parallelism per concurrent execution session (task-graph claims and subagents alike). */
export async function concurrency(wh: WarehouseReader, host: string | null = null): Promise<unknown> {
  const [rows] = await wh.read([{ sql: `SELECT * FROM concurrent_execution_sessions WHERE ${OWN_TASK_GRAPH} ORDER BY started_at DESC LIMIT 200`, params: [host] }]);
  return { sessions: rows.map(apiObject) };
}

/** Cost by model over time: one row per day and model. */
export async function costByModel(wh: WarehouseReader, host: string | null = null): Promise<unknown> {
  const [rows] = await wh.read([
    host === null
      ? { sql: 'SELECT * FROM v_cost_by_model_day ORDER BY day, model' }
      : { sql: `SELECT * FROM rpt_cost_by_model_day(${ALL_TIME}, machine := $1) ORDER BY day, model`, params: [host] },
  ]);
  return { days: rows.map(apiObject) };
}

/** Routing success: per subagent type, how often its launches succeeded. */
export async function routingSuccess(wh: WarehouseReader, host: string | null = null): Promise<unknown> {
  const [rows] = await wh.read([
    host === null
      ? { sql: 'SELECT * FROM v_routing_success ORDER BY total_routings DESC, agent_name LIMIT 50' }
      : { sql: `SELECT * FROM rpt_routing_success(${ALL_TIME}, machine := $1) ORDER BY total_routings DESC, agent_name LIMIT 50`, params: [host] },
  ]);
  return { routes: rows.map(apiObject) };
}

/** Measured cost per task (claim interval joined to the claiming session's API calls). */
export async function taskCost(wh: WarehouseReader, host: string | null = null): Promise<unknown> {
  const [rows] = await wh.read([{ sql: `SELECT * FROM task_cost WHERE ${OWN_TASK_GRAPH} ORDER BY claimed_at DESC NULLS LAST LIMIT 500`, params: [host] }]);
  return { tasks: rows.map(apiObject) };
}

/** The machines the warehouse knows (the dashboard's host filter): report hosts. */
export async function hosts(wh: WarehouseReader): Promise<unknown> {
  const [rows] = await wh.read([{ sql: 'SELECT * FROM v_hosts ORDER BY host' }]);
  return { hosts: rows.map(apiObject) };
}
