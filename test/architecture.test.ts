// The house rules, read off the sources: every import points down the layer order
//   cli → serve → ingest → {warehouse, state} → core,   hooks → core
// (bench sits on top, like cli), the hook path loads node: built-ins only, the product never
// reads test/, and no product file grows past 300 lines. A planted arrow back fails here.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { importsOf, layerOf, PRODUCT_LAYERS, allowedLayers, taskGraphLeaks, violations, type Arrow } from './architecture-rules';

const ROOT = path.join(__dirname, '..');
const MAX_LINES = 300;

function productFiles(): string[] {
  const out: string[] = [];
  const visit = (dir: string) => {
    for (const e of fs.readdirSync(path.join(ROOT, dir), { withFileTypes: true })) {
      const rel = path.posix.join(dir, e.name);
      if (e.isDirectory()) visit(rel);
      else if (/\.(ts|js)$/.test(e.name)) out.push(rel);
    }
  };
  for (const layer of [...PRODUCT_LAYERS, 'bench']) visit(layer);
  return out.sort();
}

describe('architecture', () => {
  const files = productFiles();

  it('finds the sources it judges', () => {
    expect(files.length).toBeGreaterThan(80);
    for (const layer of PRODUCT_LAYERS) expect(files.some((f) => f.startsWith(`${layer}/`)), layer).toBe(true);
  });

  it('every import points down the layer order', () => {
    const arrows: Arrow[] = files.flatMap((f) => importsOf(f, fs.readFileSync(path.join(ROOT, f), 'utf8')));
    expect(arrows.length).toBeGreaterThan(200);
    expect(violations(arrows)).toEqual([]);
  });

  it('the rules catch a planted arrow back (and the hook loading an npm package)', () => {
    const planted = [
      ...importsOf('state/graph.ts', "import { printResult } from '../cli/output';"),
      ...importsOf('core/errors.ts', "import { Graph } from '../state/graph';"),
      ...importsOf('hooks/hook.ts', "import { dataPaths } from '../state/db';\nconst x = require('commander');"),
      ...importsOf('warehouse/db.ts', "const m = await import('../serve/server.js');"),
      ...importsOf('cli/demo.ts', "import { x } from '../test/helpers';"),
    ];
    expect(violations(planted).map((v) => `${v.from} → ${v.to}`)).toEqual([
      'state/graph.ts → cli/output',
      'core/errors.ts → state/graph',
      'hooks/hook.ts → state/db',
      'hooks/hook.ts → commander',
      'warehouse/db.ts → serve/server',
      'cli/demo.ts → test/helpers',
    ]);
  });

  it('only state/ names the task graph\'s tables or opens its store', () => {
    const leaks = files.flatMap((f) => taskGraphLeaks(f, fs.readFileSync(path.join(ROOT, f), 'utf8')));
    expect(leaks).toEqual([]);
  });

  it('the rule catches a planted read of the task graph outside state/', () => {
    const planted = [
      ...taskGraphLeaks('ingest/task-graph.ts', "const rows = db.prepare('SELECT * FROM events WHERE id > ?').all(0);"),
      ...taskGraphLeaks('serve/api-live.ts', "import Database from 'better-sqlite3';\nconst n = db.prepare(`SELECT count(*) FROM v_active_agents`);"),
      ...taskGraphLeaks('cli/task/shared.ts', "const { Client } = require('pg');"),
      ...taskGraphLeaks('state/read.ts', "g.stmt('SELECT * FROM tasks')"), // the owner may
      ...taskGraphLeaks('ingest/journal-load.ts', "await conn.run('INSERT INTO raw_tg_events SELECT 1')"), // warehouse tables are not the graph's
    ];
    expect(planted.map((l) => `${l.file}: ${l.what}`)).toEqual([
      'ingest/task-graph.ts: names the task graph\'s events: FROM events',
      'serve/api-live.ts: names the task graph\'s v_active_agents: FROM v_active_agents',
      'serve/api-live.ts: loads better-sqlite3',
      'cli/task/shared.ts: loads pg',
    ]);
  });

  it('layers know their order', () => {
    expect(layerOf('cli/task/porcelain.ts')).toBe('cli');
    expect(allowedLayers('ingest')).toEqual(expect.arrayContaining(['warehouse', 'state', 'core']));
    expect(allowedLayers('warehouse')).not.toContain('state');
    expect(allowedLayers('hooks')).toEqual(['hooks', 'core']);
  });

  it(`no product file is over ${MAX_LINES} lines`, () => {
    const long = files
      .filter((f) => !f.startsWith('bench/'))
      .map((f) => ({ file: f, lines: fs.readFileSync(path.join(ROOT, f), 'utf8').split('\n').length }))
      .filter((x) => x.lines > MAX_LINES);
    expect(long).toEqual([]);
  });
});
