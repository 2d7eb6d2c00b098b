// A subagent's meta.json (subagents/agent-<id>.meta.json beside its transcript): stored redacted
// (it can hold the prompt the subagent was given), replaced when its content changed.
import type { DuckDBConnection } from '@duckdb/node-api';
import { readRegular } from './open-regular';
import { agentIdOf, sessionIdOfSubagentFile } from './transcript-sources';
import { redactLine } from './transcript-redact';

/** Store or replace one meta file; true when the stored copy changed. */
export async function loadSubagentMeta(conn: DuckDBConnection, file: string, now: string): Promise<boolean> {
  let text: string;
  try {
    text = redactLine(readRegular(file)).text;
  } catch {
    return false; // missing, being written, or not a regular file: the next ingest looks again
  }
  const agentId = agentIdOf(file);
  const session = sessionIdOfSubagentFile(file);
  if (!agentId || !session) return false;
  const r = await conn.run(
    `INSERT INTO raw_transcript_subagent_meta
     SELECT $1, $2, $3, CAST($4 AS JSON), CAST($5 AS TIMESTAMP)
     WHERE NOT EXISTS (SELECT 1 FROM raw_transcript_subagent_meta
                       WHERE session_id = $1 AND agent_id = $2 AND CAST(meta AS VARCHAR) = CAST(CAST($4 AS JSON) AS VARCHAR))
     ON CONFLICT (session_id, agent_id) DO UPDATE SET path = excluded.path, meta = excluded.meta, ingested_at = excluded.ingested_at`,
    [session, agentId, file, text, now],
  );
  if (r.rowsChanged === 0) return false;
  await conn.run('INSERT OR IGNORE INTO build_pending_sessions VALUES ($1)', [session]);
  return true;
}
