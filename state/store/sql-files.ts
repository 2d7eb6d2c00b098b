// The per-store queries (state/sql/<store>/<name>.sql), read once from the package root.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { packageRoot } from '../../core/package';
import type { StoreKind, StoreQuery } from './store';

const cache = new Map<string, string>();

export function storeQuery(kind: StoreKind, name: StoreQuery): string {
  const key = `${kind}/${name}`;
  let sql = cache.get(key);
  if (sql === undefined) {
    sql = fs.readFileSync(path.join(packageRoot(), 'state', 'sql', kind, `${name}.sql`), 'utf8');
    cache.set(key, sql);
  }
  return sql;
}
