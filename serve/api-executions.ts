// The seed-001 endpoints over the warehouse's dag_executions / dag_execution_steps:
//   GET /api/v1/dag-executions?limit=&offset=&status=   list, newest first, with pagination
//   GET /api/v1/dag-executions/:id                      one execution with its sub-steps
//   GET /api/v1/dag-executions/:id/sub-steps            the sub-steps alone
import { HttpError, intParam } from './http-util';
import type { WarehouseReader } from './warehouse-reader';
import type { Row } from '../core/json';

export const EXECUTION_STATUSES = ['pending', 'running', 'waiting', 'completed', 'failed', 'partial'] as const;

const JSON_COLUMNS = new Set(['final_result', 'result', 'depends_on', 'dependency_edges', 'execution_ids']);

/** snake_case warehouse rows → the camelCase objects of the seed's API; JSON text → values. */
export function apiObject(row: Row): Row {
  const out: Row = {};
  for (const [k, v] of Object.entries(row)) {
    let value = v;
    if (JSON_COLUMNS.has(k) && typeof v === 'string') {
      try {
        value = JSON.parse(v);
      } catch {
        value = v; // a plain-text result stays text
      }
    }
    out[k.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase())] = value;
  }
  return out;
}

const STEPS_SQL = 'SELECT * FROM dag_execution_steps WHERE execution_id = $1 ORDER BY wave_number NULLS LAST, created_at, task_id';

export async function listExecutions(wh: WarehouseReader, url: URL): Promise<unknown> {
  const limit = intParam(url, 'limit', 50, 1, 100);
  const offset = intParam(url, 'offset', 0, 0, 1_000_000_000);
  const status = url.searchParams.get('status');
  if (status !== null && !(EXECUTION_STATUSES as readonly string[]).includes(status)) {
    throw new HttpError(400, `unknown status ${JSON.stringify(status)}`, `use one of: ${EXECUTION_STATUSES.join(', ')}`);
  }
  const where = status === null ? '' : 'WHERE status = $1';
  const params = status === null ? [] : [status];
  const n = params.length;
  const [rows, count] = await wh.read([
    { sql: `SELECT * FROM dag_executions ${where} ORDER BY started_at DESC NULLS LAST, execution_id LIMIT $${n + 1} OFFSET $${n + 2}`, params: [...params, limit, offset] },
    { sql: `SELECT count(*) AS total FROM dag_executions ${where}`, params },
  ]);
  return { executions: rows.map(apiObject), pagination: { limit, offset, total: Number(count[0]?.total ?? 0), status } };
}

export async function getExecution(wh: WarehouseReader, id: string): Promise<unknown> {
  const [rows, steps] = await wh.read([
    { sql: 'SELECT * FROM dag_executions WHERE execution_id = $1', params: [id] },
    { sql: STEPS_SQL, params: [id] },
  ]);
  if (rows.length === 0) throw new HttpError(404, `no DAG execution ${JSON.stringify(id)}`, 'list them with GET /api/v1/dag-executions');
  return { ...apiObject(rows[0]), subSteps: steps.map(apiObject) };
}

export async function getSubSteps(wh: WarehouseReader, id: string): Promise<unknown> {
  const [rows, steps] = await wh.read([
    { sql: 'SELECT execution_id FROM dag_executions WHERE execution_id = $1', params: [id] },
    { sql: STEPS_SQL, params: [id] },
  ]);
  if (rows.length === 0) throw new HttpError(404, `no DAG execution ${JSON.stringify(id)}`, 'list them with GET /api/v1/dag-executions');
  return { executionId: id, subSteps: steps.map(apiObject) };
}
