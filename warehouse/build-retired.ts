// Dropping what an older version of agentdag built and this one no longer does (warehouse/build.ts,
// after a full build).
import type { DuckDBConnection } from '@duckdb/node-api';
import { modelRelations, type Model } from './model-files';
import { rawTableNames } from './schema';

/**
 * After a full build, drop what an older version built and this one no longer does (a renamed
 * model would otherwise be published stale forever). The work file is ingest's own: everything in
 * it is either raw (sql/raw), a model, or the format stamp.
 */
export async function dropRetired(conn: DuckDBConnection, models: Model[]): Promise<void> {
  const keep = new Set([...rawTableNames(), ...modelRelations(), 'agentdag_meta']);
  const rels = (await conn.runAndReadAll(`SELECT table_name, table_type FROM information_schema.tables WHERE table_schema = 'main'`)).getRowObjectsJS();
  for (const r of rels) {
    const name = String(r.table_name);
    if (keep.has(name)) continue;
    await conn.run(`DROP ${r.table_type === 'VIEW' ? 'VIEW' : 'TABLE'} IF EXISTS "${name}"`);
  }
  const macros = new Set(models.filter((m) => m.kind === 'macro').map((m) => m.name));
  const have = (await conn.runAndReadAll(`SELECT DISTINCT function_name FROM duckdb_functions() WHERE database_name = current_database() AND schema_name = 'main' AND NOT internal AND function_type IN ('macro', 'table_macro')`)).getRowsJS();
  for (const [name] of have) {
    if (!macros.has(String(name))) await conn.run(`DROP MACRO TABLE IF EXISTS "${name}"`).catch(() => conn.run(`DROP MACRO IF EXISTS "${name}"`));
  }
}
