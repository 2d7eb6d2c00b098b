// Sessions for the dashboard's list, and one session's trace (/sessions/<id>, /api/v1/sessions/<id>/trace).
import { HttpError, intParam } from './http-util';
import type { WarehouseReader } from './warehouse-reader';
import { apiObject } from './api-executions';
import { buildTrace, SESSION_TRACE_SQL, type SessionTrace } from './session-trace';
import { readSql } from '../warehouse/sql-files';

/** The newest sessions, one row each (v_session_summary), for the list that links to each trace. */
export async function listSessions(wh: WarehouseReader, url?: URL): Promise<unknown> {
  const limit = url ? intParam(url, 'limit', 50, 1, 500) : 50;
  const [rows] = await wh.read([{ sql: readSql('queries', 'recent_sessions'), params: [limit] }]);
  return { sessions: rows.map(apiObject) };
}

export async function sessionTrace(wh: WarehouseReader, id: string): Promise<SessionTrace> {
  const [rows] = await wh.read([{ sql: SESSION_TRACE_SQL(), params: [id] }]);
  const trace = buildTrace(id, rows);
  if (!trace) throw new HttpError(404, `no session ${JSON.stringify(id)} in the warehouse`, 'list them with GET /api/v1/sessions (or `agentdag report sessions`); a session shows up after `agentdag ingest`');
  return trace;
}
