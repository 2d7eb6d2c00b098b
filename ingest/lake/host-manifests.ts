// Each machine's own account of its pushes, DIR/hosts/<host>.json (written by push after every
// run): when it last pushed and, per raw table, how many batches. The team load reads them first
// and lists a machine's folder of a table only when its batch count moved since the last load
// recorded it (or it has no manifest yet), so a load's listing follows the machines that pushed
// something, not the lake's age. A push killed before it rewrote its manifest is redone before
// the next manifest: its files are listed then.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { DuckDBConnection } from '@duckdb/node-api';
import { utcTimestamp } from '../../core/time';
import type { Lake } from './lake-dir';
import { rowsLake, runLake } from './lake-sql';

export interface HostManifest {
  host: string;
  pushedAt: string | null;
  version: string | null;
  text: string;
  /** Batches pushed per raw table. */
  batches: Record<string, number>;
}

function batchesOf(m: Record<string, unknown>): Record<string, number> {
  const out: Record<string, number> = {};
  const tables = (m.tables && typeof m.tables === 'object' ? m.tables : {}) as Record<string, { batches?: unknown }>;
  for (const [t, v] of Object.entries(tables)) out[t] = Number(v?.batches ?? 0);
  return out;
}

export function readManifests(lake: Lake): HostManifest[] {
  const dir = path.join(lake.dir, 'hosts');
  let names: string[];
  try {
    names = fs.readdirSync(dir).filter((n) => n.endsWith('.json') && !n.startsWith('.')).sort();
  } catch {
    return [];
  }
  const out: HostManifest[] = [];
  for (const n of names) {
    let text: string;
    let m: Record<string, unknown>;
    try {
      text = fs.readFileSync(path.join(dir, n), 'utf8');
      m = JSON.parse(text) as Record<string, unknown>;
    } catch {
      continue; // not ours (renames are atomic): its machine's folders are listed anyway
    }
    const host = n.slice(0, -'.json'.length);
    if (m.host !== host) continue;
    const pushedAt = typeof m.pushed_at === 'string' && Number.isFinite(Date.parse(m.pushed_at)) ? utcTimestamp(new Date(m.pushed_at)) : null;
    out.push({ host, pushedAt, version: typeof m.agentdag_version === 'string' ? m.agentdag_version : null, text, batches: batchesOf(m) });
  }
  return out;
}

/** Per host, the batch counts the last load recorded. */
export async function recordedBatches(conn: DuckDBConnection, lake: Lake): Promise<Map<string, Record<string, number>>> {
  const rows = await rowsLake(conn, 'load_stored_manifests', { lake_id: lake.id });
  return new Map(rows.map((r) => [String(r.host), batchesOf(JSON.parse(String(r.manifest)) as Record<string, unknown>)]));
}

/** Whether a machine's folder of a table may hold files the last load did not list. */
export function mayHaveNewFiles(host: string, table: string, now: ReadonlyMap<string, HostManifest>, before: ReadonlyMap<string, Record<string, number>>): boolean {
  const m = now.get(host);
  const prev = before.get(host);
  if (!m || !prev) return true;
  return (m.batches[table] ?? 0) !== (prev[table] ?? 0);
}

/** After the load: the manifests it read, as what the next load compares against. */
export async function recordManifests(conn: DuckDBConnection, lake: Lake, manifests: readonly HostManifest[], now: string): Promise<void> {
  for (const m of manifests) {
    await runLake(conn, 'load_host_manifest', { lake_id: lake.id, host: m.host, pushed_at: m.pushedAt, version: m.version, manifest: m.text, read_at: now });
  }
}
