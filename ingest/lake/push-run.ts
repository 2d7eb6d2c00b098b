// `agentdag push` on its own: hold the work warehouse (the ingest lock: no ingest adds rows
// while a batch is taken), make sure the raw tables exist, push.
import { openWork } from '../../warehouse/db';
import type { DataPaths } from '../../core/data-dir';
import { applyRawSchema } from '../../warehouse/schema';
import { pushToLake, type PushOptions, type PushSummary } from './push';

export async function runPush(paths: DataPaths, opts: PushOptions & { waitMs: number; onWait?: (pid: number | null) => void }): Promise<PushSummary> {
  const wh = await openWork(paths, { waitMs: opts.waitMs, onWait: opts.onWait });
  try {
    await applyRawSchema(wh.conn);
    return await pushToLake(wh.conn, opts);
  } finally {
    wh.close();
  }
}
