// The layer order the architecture test enforces, and the import reader it uses. Kept apart from
// the test so the rules read as a table.
import * as path from 'node:path';

/** Each layer and the layers it may import (itself included). `npm` = packages from node_modules. */
const RULES: Record<string, { layers: string[]; npm: boolean }> = {
  core: { layers: ['core'], npm: false },
  hooks: { layers: ['hooks', 'core'], npm: false },
  state: { layers: ['state', 'core'], npm: true },
  warehouse: { layers: ['warehouse', 'core'], npm: true },
  ingest: { layers: ['ingest', 'warehouse', 'state', 'core'], npm: true },
  serve: { layers: ['serve', 'ingest', 'warehouse', 'state', 'core'], npm: true },
  cli: { layers: ['cli', 'serve', 'ingest', 'warehouse', 'state', 'hooks', 'core'], npm: true },
  bench: { layers: ['bench', 'cli', 'serve', 'ingest', 'warehouse', 'state', 'hooks', 'core'], npm: true },
};

/**
 * Files allowed to break the order for now, each with the issue that removes the exception.
 * Empty is the goal; the test fails on any arrow not listed here.
 */
const EXCEPTIONS: { from: RegExp; to: RegExp; why: string }[] = [];

export const PRODUCT_LAYERS = ['core', 'hooks', 'state', 'warehouse', 'ingest', 'serve', 'cli'] as const;

export interface Arrow {
  from: string; // a file, e.g. state/graph.ts
  to: string; // a module, e.g. cli/output, or an npm package name
}

export function layerOf(file: string): string {
  return file.split('/')[0];
}

export function allowedLayers(layer: string): string[] {
  return RULES[layer]?.layers ?? [];
}

const IMPORT_RE = /(?:\bfrom\s+|\bimport\s*\(\s*|\brequire\s*\(\s*|^\s*import\s+)['"]([^'"]+)['"]/gm;

/** Every module a source file names (static, dynamic and require), resolved against its folder. */
export function importsOf(file: string, source: string): Arrow[] {
  const out: Arrow[] = [];
  for (const m of source.matchAll(IMPORT_RE)) {
    const spec = m[1];
    if (spec.startsWith('node:') || !/^[@.\w]/.test(spec)) continue; // a built-in, or not a module name (a "$1" in a replacement string)
    if (spec.startsWith('.')) {
      const to = path.posix.normalize(path.posix.join(path.posix.dirname(file), spec)).replace(/\.js$/, '');
      out.push({ from: file, to });
    } else {
      out.push({ from: file, to: spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : spec.split('/')[0] });
    }
  }
  return out;
}

const LOCAL = new Set<string>([...PRODUCT_LAYERS, 'bench', 'test', 'data', 'sql', 'scripts']);

export function violations(arrows: Arrow[]): Arrow[] {
  return arrows.filter(({ from, to }) => {
    const rule = RULES[layerOf(from)];
    if (!rule) return true;
    const target = layerOf(to);
    const local = LOCAL.has(target) || to.startsWith('.');
    if (!local) return !rule.npm;
    if (rule.layers.includes(target)) return false;
    return !EXCEPTIONS.some((e) => e.from.test(from) && e.to.test(to));
  });
}

/**
 * The task graph is read only through state/ (state/read.ts declares what others may read): no
 * other layer names one of its tables or views in SQL, or loads a store driver.
 */
const TASK_GRAPH_RELATIONS = ['tasks', 'events', 'dependencies', 'projects', 'task_notes', 'task_files', 'task_tags', 'artifacts', 'schema_migrations', 'task_readiness', 'v_active_agents'];
const TASK_GRAPH_SQL = new RegExp(`\\b(?:FROM|JOIN|INTO|UPDATE|TABLE)\\s+"?(${TASK_GRAPH_RELATIONS.join('|')})\\b`, 'g');
const STORE_DRIVERS = ['better-sqlite3', 'pg'];
/** Layers that may touch the store: the task graph itself, and the benches that measure it. */
const STORE_OWNERS = new Set(['state', 'bench']);

export interface Leak {
  file: string;
  what: string;
}

export function taskGraphLeaks(file: string, source: string): Leak[] {
  if (STORE_OWNERS.has(layerOf(file))) return [];
  const out: Leak[] = [];
  for (const m of source.matchAll(TASK_GRAPH_SQL)) out.push({ file, what: `names the task graph's ${m[1]}: ${m[0]}` });
  for (const a of importsOf(file, source)) if (STORE_DRIVERS.includes(a.to)) out.push({ file, what: `loads ${a.to}` });
  return out;
}
