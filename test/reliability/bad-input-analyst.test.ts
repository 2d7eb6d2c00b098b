// The analyst doors' bad-input catalogue (README, Reliability): `agentdag report`, `agentdag sql`
// and `agentdag export --parquet`, one row per input, against a real published warehouse built
// from a real fixture run. Each bad input is refused with a message that names it and a fix (or
// held: no file read or written outside the warehouse); the warehouse stays as it was.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { CLI, allFixtures, ingest, query, stageFixture, tempHome } from '../warehouse/fixture-pipeline';

let home: string;
let stepsBefore: number;

function run(args: string[], opts: { umask?: string } = {}) {
  const argv = [CLI, ...args];
  const r = opts.umask
    ? spawnSync('/bin/sh', ['-c', `umask ${opts.umask}; exec "$@"`, 'sh', process.execPath, ...argv], { env: { ...process.env, AGENTDAG_HOME: home, NO_COLOR: '1' }, encoding: 'utf8' })
    : spawnSync(process.execPath, argv, { env: { ...process.env, AGENTDAG_HOME: home, NO_COLOR: '1' }, encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

beforeAll(async () => {
  home = tempHome('agentdag-badanalyst-');
  stageFixture(allFixtures().find((f) => f.scenario === 'a-basic-tools')!, home);
  await ingest(home);
  stepsBefore = (await query(home, 'SELECT count(*) AS n FROM fact_execution_step'))[0].n;
}, 180_000);

interface Row {
  input: string;
  outcome: string;
  args: string[];
  code: number;
  /** stderr must match (the refusal names the input and the fix). */
  stderr?: RegExp;
  check?: (r: ReturnType<typeof run>) => void;
}

const SQL_AND_REPORT: Row[] = [
  { input: 'report --limit 99999999999999999999', outcome: 'refused, names the bound', args: ['report', 'sessions', '--limit', '99999999999999999999'], code: 2, stderr: /--limit 99999999999999999999: more rows than any report has.*\n  fix: e\.g\. --limit 20/ },
  { input: 'report --limit -1', outcome: 'refused', args: ['report', 'sessions', '--limit', '-1'], code: 2, stderr: /--limit -1: not a whole number of rows/ },
  { input: 'report --limit 1e3', outcome: 'refused', args: ['report', 'sessions', '--limit', '1e3'], code: 2, stderr: /--limit 1e3: not a whole number of rows/ },
  { input: 'report --limit "5; DROP TABLE x"', outcome: 'refused, never spliced', args: ['report', 'sessions', '--limit', '5; DROP TABLE x'], code: 2, stderr: /not a whole number of rows/ },
  { input: 'report --limit 0', outcome: 'no rows, exit 0', args: ['report', 'sessions', '--limit', '0', '--json'], code: 0, check: (r) => expect(JSON.parse(r.stdout)).toEqual([]) },
  { input: 'report --since yesterday-ish', outcome: 'refused with the accepted forms', args: ['report', 'sessions', '--since', 'yesterday-ish'], code: 2, stderr: /--since.*\n  fix: e\.g\. --since 2026-11-01 or --since 7d/ },
  { input: 'report with an unknown name', outcome: 'refused, lists the reports', args: ['report', 'nosuch'], code: 2, stderr: /no report named "nosuch"\n  fix: pick one of: sessions/ },
  { input: "report --session \"x' OR '1'='1\"", outcome: 'bound as a value: no rows', args: ['report', 'sessions', '--session', "x' OR '1'='1", '--json'], code: 0, check: (r) => expect(JSON.parse(r.stdout)).toEqual([]) },
  {
    input: 'sql with two statements',
    outcome: 'refused (only the last result would print), with the fix',
    args: ['sql', 'SELECT 1 AS a; SELECT 2 AS b'],
    code: 2,
    stderr: /agentdag sql runs one statement at a time; this text holds 2 .*\n  fix: run each in its own agentdag sql/,
  },
  { input: 'sql with a statement and a trailing semicolon', outcome: 'runs', args: ['sql', 'SELECT 42 AS answer;', '--json'], code: 0, check: (r) => expect(JSON.parse(r.stdout)).toEqual([{ answer: 42 }]) },
  { input: 'sql with nothing in it', outcome: 'refused with an example', args: ['sql', ' ; '], code: 2, stderr: /no SQL statement given/ },
  { input: 'sql with a syntax error', outcome: 'the first line of the error, the fix', args: ['sql', 'SELEC 1'], code: 1, stderr: /syntax error.*\n  fix: check the query/ },
  { input: 'sql writing a file (COPY TO)', outcome: 'refused: file access disabled', args: ['sql', "COPY (SELECT 1) TO '/tmp/agentdag-badanalyst-copy.csv'"], code: 1, stderr: /disabled/, check: () => expect(fs.existsSync('/tmp/agentdag-badanalyst-copy.csv')).toBe(false) },
  { input: 'sql reading a file (read_text)', outcome: 'refused: file access disabled', args: ['sql', "SELECT * FROM read_text('/etc/hostname')"], code: 1, stderr: /disabled/ },
  { input: 'sql ATTACH of another database', outcome: 'refused', args: ['sql', "ATTACH '/tmp/agentdag-badanalyst.db' AS x"], code: 1, check: () => expect(fs.existsSync('/tmp/agentdag-badanalyst.db')).toBe(false) },
  { input: 'sql INSERT', outcome: 'refused: read-only', args: ['sql', "INSERT INTO dim_agent SELECT * FROM dim_agent"], code: 1, stderr: /read-only/ },
  { input: 'sql unlocking the configuration', outcome: 'refused', args: ['sql', 'SET enable_external_access = true'], code: 1 },
  { input: 'sql installing an extension', outcome: 'refused', args: ['sql', 'INSTALL httpfs'], code: 1 },
];

describe('analyst doors: report and sql', () => {
  it('has the rows the README counts', () => expect(SQL_AND_REPORT.length).toBe(18));
  for (const row of SQL_AND_REPORT) {
    it(`${row.input}: ${row.outcome}`, () => {
      const r = run(row.args);
      expect(r.code, r.stderr).toBe(row.code);
      if (row.stderr) expect(r.stderr).toMatch(row.stderr);
      if (row.code !== 0) expect(r.stderr).toMatch(/\n  fix: |disabled|read-only|not allowed|Permission|Catalog|lock/i);
      row.check?.(r);
    });
  }
  it('left the warehouse as it was', async () => {
    expect(stepsBefore).toBeGreaterThan(0);
    expect((await query(home, 'SELECT count(*) AS n FROM fact_execution_step'))[0].n).toBe(stepsBefore);
  });
});

/** Every file and folder under `dir` with its mode, not following links. */
function modes(dir: string): { files: number[]; dirs: number[] } {
  const out = { files: [] as number[], dirs: [] as number[] };
  const walk = (d: string) => {
    out.dirs.push(fs.lstatSync(d).mode & 0o777);
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.isFile()) out.files.push(fs.lstatSync(p).mode & 0o777);
    }
  };
  walk(dir);
  return out;
}

interface ExportRow {
  input: string;
  outcome: string;
  /** Prepare `root` (a fresh folder); return the --parquet argument. */
  setup: (root: string) => string;
  umask?: string;
  code: number;
  stderr?: RegExp;
  check?: (root: string, dir: string) => void;
}

function precious(root: string, name = 'outside'): string {
  const target = path.join(root, name);
  fs.mkdirSync(target, { recursive: true });
  fs.writeFileSync(path.join(target, 'keep.txt'), 'precious\n');
  return target;
}
const stillThere = (target: string) => expect(fs.readFileSync(path.join(target, 'keep.txt'), 'utf8')).toBe('precious\n');
const ownerOnly = (dir: string, tables: string[]) => {
  for (const t of tables) {
    const m = modes(path.join(dir, t));
    expect(m.files.length, t).toBeGreaterThan(0);
    expect(new Set(m.files), t).toEqual(new Set([0o600]));
    expect(new Set(m.dirs), t).toEqual(new Set([0o700]));
  }
};
const ALL = ['fact_api_call', 'fact_execution_step', 'dim_agent', 'dim_model_pricing'];

const EXPORT: ExportRow[] = [
  { input: 'a new folder', outcome: 'created 0700, files 0600', setup: (root) => path.join(root, 'lake'), code: 0, check: (_r, dir) => ownerOnly(dir, ALL) },
  {
    input: 'an existing 0755 folder, umask 000',
    outcome: 'files 0600, folders 0700 all the same',
    setup: (root) => {
      const dir = path.join(root, 'lake');
      fs.mkdirSync(dir, { mode: 0o755 });
      fs.chmodSync(dir, 0o755);
      fs.mkdirSync(path.join(dir, 'fact_api_call'), { mode: 0o777 });
      fs.chmodSync(path.join(dir, 'fact_api_call'), 0o777);
      return dir;
    },
    umask: '000',
    code: 0,
    check: (_r, dir) => ownerOnly(dir, ALL),
  },
  {
    input: 'DIR/fact_execution_step a symlink to another folder',
    outcome: 'the link replaced, its target untouched',
    setup: (root) => {
      const dir = path.join(root, 'lake');
      fs.mkdirSync(dir);
      fs.symlinkSync(precious(root), path.join(dir, 'fact_execution_step'));
      return dir;
    },
    code: 0,
    check: (root, dir) => {
      stillThere(path.join(root, 'outside'));
      expect(fs.lstatSync(path.join(dir, 'fact_execution_step')).isDirectory()).toBe(true);
      ownerOnly(dir, ['fact_execution_step']);
    },
  },
  {
    input: 'a partition folder symlinked to another folder',
    outcome: 'the link removed with the old table, its target untouched',
    setup: (root) => {
      const dir = path.join(root, 'lake');
      fs.mkdirSync(path.join(dir, 'fact_api_call'), { recursive: true });
      fs.symlinkSync(precious(root), path.join(dir, 'fact_api_call', 'call_date=2026-11-22'));
      return dir;
    },
    code: 0,
    check: (root, dir) => {
      stillThere(path.join(root, 'outside'));
      expect(fs.lstatSync(path.join(dir, 'fact_api_call', 'call_date=2026-11-22')).isSymbolicLink()).toBe(false);
    },
  },
  {
    input: 'DIR/dim_agent a symlink to a file',
    outcome: 'the link replaced, the file untouched',
    setup: (root) => {
      const dir = path.join(root, 'lake');
      fs.mkdirSync(dir);
      fs.writeFileSync(path.join(root, 'file.txt'), 'precious\n');
      fs.symlinkSync(path.join(root, 'file.txt'), path.join(dir, 'dim_agent'));
      return dir;
    },
    code: 0,
    check: (root, dir) => {
      expect(fs.readFileSync(path.join(root, 'file.txt'), 'utf8')).toBe('precious\n');
      ownerOnly(dir, ['dim_agent']);
    },
  },
  {
    input: 'DIR/fact_api_call a regular file',
    outcome: 'replaced by the table',
    setup: (root) => {
      const dir = path.join(root, 'lake');
      fs.mkdirSync(dir);
      fs.writeFileSync(path.join(dir, 'fact_api_call'), 'old');
      return dir;
    },
    code: 0,
    check: (_r, dir) => ownerOnly(dir, ['fact_api_call']),
  },
  {
    input: 'DIR itself a symlink to a folder',
    outcome: 'followed (the user named it), tables written inside',
    setup: (root) => {
      fs.mkdirSync(path.join(root, 'real'));
      fs.symlinkSync(path.join(root, 'real'), path.join(root, 'lake'));
      return path.join(root, 'lake');
    },
    code: 0,
    check: (root) => ownerOnly(path.join(root, 'real'), ALL),
  },
  {
    input: 'DIR a regular file',
    outcome: 'refused, names it, nothing written',
    setup: (root) => {
      fs.writeFileSync(path.join(root, 'lake'), 'a file');
      return path.join(root, 'lake');
    },
    code: 2,
    stderr: /--parquet .*lake is a file, not a folder\n  fix: pass a folder/,
    check: (root) => expect(fs.readFileSync(path.join(root, 'lake'), 'utf8')).toBe('a file'),
  },
  {
    input: 'DIR under a path that runs through a file',
    outcome: 'names the path and the fix',
    setup: (root) => {
      fs.writeFileSync(path.join(root, 'file'), 'x');
      return path.join(root, 'file', 'lake');
    },
    code: 1,
    stderr: /part of this path is a file, where a directory was expected\n  fix: check the path/,
  },
  {
    input: 'the same folder exported twice',
    outcome: 'replaced, never doubled; no temp folder left',
    setup: (root) => {
      const dir = path.join(root, 'lake');
      expect(run(['export', '--parquet', dir]).code).toBe(0);
      return dir;
    },
    code: 0,
    check: (_r, dir) => {
      ownerOnly(dir, ALL);
      expect(fs.readdirSync(dir).filter((n) => n.startsWith('.'))).toEqual([]);
    },
  },
];

describe('analyst doors: export --parquet', () => {
  it('has the rows the README counts', () => expect(EXPORT.length).toBe(10));
  for (const row of EXPORT) {
    it(`${row.input}: ${row.outcome}`, async () => {
      const root = tempHome('agentdag-badexport-');
      const dir = row.setup(root);
      const r = run(['export', '--parquet', dir, '--json'], { umask: row.umask });
      expect(r.code, r.stderr).toBe(row.code);
      if (row.stderr) expect(r.stderr).toMatch(row.stderr);
      if (row.code === 0) {
        const out = JSON.parse(r.stdout);
        // Every table readable back with its row count.
        for (const t of out.tables.filter((t: { rows: number }) => t.rows > 0)) {
          const files = fs.readdirSync(t.path, { recursive: true }).filter((f) => String(f).endsWith('.parquet'));
          expect(files.length, t.table).toBeGreaterThan(0);
        }
        expect(out.tables.find((t: { table: string }) => t.table === 'fact_execution_step').rows).toBe((await query(home, 'SELECT count(*) AS n FROM fact_execution_step'))[0].n);
      }
      row.check?.(root, dir);
    });
  }
});
