// `agentdag push` on its own: hold the work warehouse (the ingest lock: no ingest adds rows
// while a batch is taken), make sure the raw tables and this machine's id exist, push.
import { openWork } from '../../warehouse/db';
import type { DataPaths } from '../../core/data-dir';
import { applyRawSchema } from '../../warehouse/schema';
import { runStatements } from '../../warehouse/sql-files';
import { pushToLake, type PushOptions, type PushSummary } from './push';

export async function runPush(paths: DataPaths, opts: PushOptions & { waitMs: number; onWait?: (pid: number | null) => void }): Promise<PushSummary> {
  const wh = await openWork(paths, { waitMs: opts.waitMs, onWait: opts.onWait });
  try {
    await applyRawSchema(wh.conn);
    await runStatements(wh.conn, 'load', 'record_machine', { host: opts.host });
    return await pushToLake(wh.conn, opts);
  } finally {
    wh.close();
  }
}
