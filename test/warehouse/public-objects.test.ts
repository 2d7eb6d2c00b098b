// The public objects (warehouse/public-objects.ts) are what analysts and serve/ may read: each
// exists after a build with every listed column, its grain is its SQL header's, the CLI's help and
// report list come from it, and the dashboard's SQL reads nothing else.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PUBLIC_OBJECTS } from '../../warehouse/public-objects';
import { REPORTS } from '../../warehouse/reports';
import { loadModels } from '../../warehouse/model-files';
import { buildModels } from '../../warehouse/build';
import { effectivePrices } from '../../warehouse/pricing';
import { applyRawSchema } from '../../warehouse/schema';
import { CLI, ROOT } from '../paths';
import { execFileSync } from 'node:child_process';

let dir: string;
let inst: DuckDBInstance;
let conn: DuckDBConnection;

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'agentdag-public-'));
  inst = await DuckDBInstance.create(path.join(dir, 'w.duckdb'));
  conn = await inst.connect();
  await applyRawSchema(conn);
  await buildModels(conn, { prices: effectivePrices(path.join(dir, 'pricing.json')).rows, scratchDir: dir });
});

afterAll(() => {
  conn.closeSync();
  inst.closeSync();
  fs.rmSync(dir, { recursive: true, force: true });
});

/** The header line `-- grain:` of the file that defines a relation (a model, a report's all-history table, a raw table). */
function grainInSql(name: string): string | null {
  const model = loadModels().find((m) => m.name === name || m.allHistory === name);
  if (model) return model.grain;
  const raw = path.join(ROOT, 'sql', 'raw', `${name}.sql`);
  return fs.existsSync(raw) ? (/^--\s*grain:\s*(.+)$/m.exec(fs.readFileSync(raw, 'utf8'))?.[1].trim() ?? null) : null;
}

describe('public objects', () => {
  it.each(PUBLIC_OBJECTS.map((o) => [o.name, o] as const))('%s exists with every listed column and its SQL grain', async (_name, o) => {
    const r = await conn.runAndReadAll(`SELECT column_name FROM information_schema.columns WHERE table_schema = 'main' AND table_name = $1`, [o.name]);
    const have = r.getRowsJS().map((row) => String(row[0]));
    expect(have.length, `${o.name} is not in a built warehouse`).toBeGreaterThan(0);
    expect(o.columns.filter((c) => !have.includes(c)), `${o.name}: listed columns missing`).toEqual([]);
    expect(o.grain).toBe(grainInSql(o.name));
  });

  it('are listed once each, and every report names a macro that exists', async () => {
    const names = PUBLIC_OBJECTS.map((o) => o.name);
    expect(new Set(names).size).toBe(names.length);
    const macros = (await conn.runAndReadAll(`SELECT DISTINCT function_name FROM duckdb_functions() WHERE function_type = 'table_macro'`)).getRowsJS().map((r) => String(r[0]));
    for (const r of REPORTS) expect(macros, r.name).toContain(r.macro);
  });

  it('feed `agentdag sql --help` and `agentdag report --list`', () => {
    const help = execFileSync(process.execPath, [CLI, 'sql', '--help'], { encoding: 'utf8' });
    for (const o of PUBLIC_OBJECTS) {
      expect(help).toContain(`${o.name} — one row per ${o.grain}`);
      for (const c of o.columns) expect(help, `${o.name}.${c}`).toContain(c);
    }
    const list = JSON.parse(execFileSync(process.execPath, [CLI, 'report', '--list', '--json'], { encoding: 'utf8', env: { ...process.env, AGENTDAG_HOME: dir } }));
    // Every report over a view reads a public object; session-trace draws one session (sql/queries/session_trace.sql).
    expect(list.filter((r: { view: string | null }) => r.view !== null).map((r: { view: string }) => r.view)).toEqual(PUBLIC_OBJECTS.filter((o) => o.report).map((o) => o.name));
    expect(list.filter((r: { view: string | null }) => r.view === null).map((r: { report: string }) => r.report)).toEqual(['session-trace']);
  });

  it("are all the dashboard's SQL reads (serve/ and sql/queries/)", () => {
    const sources: [string, string][] = [];
    for (const f of fs.readdirSync(path.join(ROOT, 'serve')).filter((f) => f.endsWith('.ts'))) sources.push([`serve/${f}`, fs.readFileSync(path.join(ROOT, 'serve', f), 'utf8')]);
    const queries = path.join(ROOT, 'sql', 'queries');
    if (fs.existsSync(queries)) for (const f of fs.readdirSync(queries)) sources.push([`sql/queries/${f}`, fs.readFileSync(path.join(queries, f), 'utf8')]);
    const allowed = new Set(PUBLIC_OBJECTS.map((o) => o.name));
    const read: string[] = [];
    for (const [file, text] of sources) {
      // Only the warehouse's SQL: serve/ also reads the SQLite task graph through state/, never by table name.
      if (!/warehouse|WarehouseReader|wh\.read/.test(text) && !file.startsWith('sql/')) continue;
      // A query's own CTEs (WITH name AS (…), name AS (…)) are not objects it reads.
      const ctes = new Set(file.startsWith('sql/') ? [...text.matchAll(/(?:\bWITH|,)\s+([a-z_][a-z0-9_]*)\s+AS\s*\(/gi)].map((m) => m[1]) : []);
      for (const m of text.matchAll(/\b(?:FROM|JOIN)\s+([a-z_][a-z0-9_]*)/g)) {
        const name = m[1];
        if (/^(select|lateral|unnest|read_\w+)$/i.test(name) || ctes.has(name)) continue;
        read.push(name);
        expect(allowed.has(name) || /^rpt_/.test(name), `${file} reads ${name}, which is not a public object`).toBe(true);
      }
    }
    expect(read.length).toBeGreaterThan(3);
  });
});
