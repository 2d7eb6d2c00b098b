// `agentdag report|sql|export`: the analyst's interface to the published (read-only) warehouse.
// Values are always bound as parameters; the only text spliced into SQL is a report's macro name
// from the fixed list in warehouse/reports.ts.
import * as path from 'node:path';
import type { Command } from 'commander';
import type { DuckDBResultReader } from '@duckdb/node-api';
import { UserError } from '../core/errors';
import { FORMATS, parseFormat, printResult, writeRows, type Format, type Row } from './output';
import { dataPaths } from '../core/data-dir';
import { REPORTS, findReport, parseTimeBound, reportSql } from '../warehouse/reports';
import { PUBLIC_OBJECTS } from '../warehouse/public-objects';

interface RowsOpts {
  format?: string;
  json?: boolean;
  wide?: boolean;
}

const WIDE_HELP = 'tables: one line per row, no value cut (default on a terminal: fit its width)';

function chosenFormat(opts: RowsOpts): Format {
  if (opts.json) return 'json';
  try {
    return parseFormat(opts.format ?? 'table');
  } catch (err) {
    throw new UserError((err as Error).message, `pass --format ${FORMATS.join('|')}`, 2);
  }
}

/** Not a view: one session drawn as lanes over time (cli/session-trace.ts). */
const SESSION_TRACE = { name: 'session-trace', about: 'one session (--session ID) as lanes: main thread and subagents over time, tool calls, launches, waves, cost' };

/** The public objects for `sql --help`: name, what one row is, and the columns, wrapped. */
function publicObjectsHelp(): string {
  const wrap = (words: readonly string[], indent: string): string => {
    const lines: string[] = [];
    let line = '';
    for (const w of words) {
      if (line && line.length + w.length + 2 > 96) {
        lines.push(line + ',');
        line = '';
      }
      line += (line ? ', ' : '') + w;
    }
    if (line) lines.push(line);
    return lines.map((l) => indent + l).join('\n');
  };
  return PUBLIC_OBJECTS.map((o) => `  ${o.name} — one row per ${o.grain}\n${wrap(o.columns, '      ')}`).join('\n');
}

function reportList(): string {
  const all = [...REPORTS, SESSION_TRACE];
  const width = Math.max(...all.map((r) => r.name.length));
  return all.map((r) => `  ${r.name.padEnd(width)}  ${r.about}`).join('\n');
}

interface Result {
  rows: Row[];
  /** Column names, so an empty result still prints its header. */
  columns: string[];
}

async function readRows(sql: string, params: (string | null)[] = [], lockDown = false): Promise<Result> {
  const { withReadOnly } = await import('../warehouse/db.js');
  return withReadOnly(dataPaths(), async (conn) => {
    // `agentdag sql` runs what the user typed: no files read or written outside the warehouse.
    if (lockDown) {
      await conn.run("SET enable_external_access = false; SET lock_configuration = true");
      await oneStatement(conn, sql);
    }
    const r = await conn.runAndReadAll(sql, params);
    const { DuckDBTypeId } = await import('@duckdb/node-api');
    return { rows: rowsForPeople(r, DuckDBTypeId.DATE), columns: r.columnNames() };
  });
}

/**
 * Rows as JS values, except DATE columns as 'YYYY-MM-DD' (a JS Date would print as midnight UTC
 * with a time) and DECIMAL as numbers.
 */
function rowsForPeople(r: DuckDBResultReader, dateTypeId: number): Row[] {
  const names = r.columnNames();
  const dateCols = r
    .columnTypes()
    .map((t, i) => (t.typeId === dateTypeId ? names[i] : null))
    .filter((n): n is string => n !== null);
  const js = r.getRowObjectsJS() as Row[];
  if (dateCols.length === 0) return js;
  const text = r.getRowObjectsJson() as Row[];
  return js.map((row, i) => {
    for (const c of dateCols) row[c] = text[i][c];
    return row;
  });
}

/**
 * DuckDB runs every statement of a script and returns the last result only: `SELECT 1; SELECT 2`
 * would print 2 and hide 1. One statement per call, then, and a refusal that says so.
 */
async function oneStatement(conn: import('@duckdb/node-api').DuckDBConnection, sql: string): Promise<void> {
  // DuckDB's statement splitter throws on a text without any statement (" ; ").
  const n = /^[\s;]*$/.test(sql) ? 0 : (await conn.extractStatements(sql)).count;
  if (n === 1) return;
  if (n === 0) throw new UserError('no SQL statement given', 'e.g. agentdag sql "SHOW TABLES"', 2);
  throw new UserError(
    `agentdag sql runs one statement at a time; this text holds ${n} (only the last one's rows would be printed)`,
    'run each in its own agentdag sql "…", or make them one query (WITH a AS (…), b AS (…) SELECT …, or … UNION ALL …)',
    2,
  );
}

/** `--limit`: a whole number of rows, 0 up to 2^53 - 1 (DuckDB's LIMIT takes a BIGINT; past 2^53 a JS number is no longer exact). */
function rowLimit(raw: string | undefined): number | null {
  if (raw === undefined) return null;
  const fix = 'e.g. --limit 20 (a whole number of rows; leave it out for all)';
  if (!/^\d+$/.test(raw.trim())) throw new UserError(`--limit ${raw}: not a whole number of rows`, fix, 2);
  const n = Number(raw);
  if (!Number.isSafeInteger(n)) throw new UserError(`--limit ${raw}: more rows than any report has (at most ${Number.MAX_SAFE_INTEGER})`, fix, 2);
  return n;
}

/** A window bound, widened to whole UTC hours (reports sum per hour): since down, until up. */
function bound(value: string | undefined, flag: string): string | null {
  if (value === undefined) return null;
  try {
    return parseTimeBound(value, flag === '--until' ? 'up' : 'down');
  } catch (err) {
    throw new UserError(`${flag}: ${(err as Error).message}`, `e.g. ${flag} 2026-11-01 or ${flag} 7d`, 2);
  }
}

export function registerAnalystCommands(program: Command): void {
  program
    .command('report')
    .description('print a report from the warehouse (see the list below)')
    .argument('[name]', 'report name (agentdag report --list)')
    .option('--since <time>', 'only events at or after (whole UTC hours): YYYY-MM-DD, ISO-8601 time, or 7d / 12h / 30m ago')
    .option('--until <time>', 'only events before (rounded up to the hour; same forms as --since)')
    .option('--session <id>', 'only this session')
    .option('--host <name>', 'only the sessions of this machine (a team warehouse holds several: agentdag report hosts)')
    .option('--limit <n>', 'at most n rows (reports are ordered most interesting first)')
    .option('--format <format>', `output format: ${FORMATS.join(', ')}`, 'table')
    .option('--json', 'same as --format json')
    .option('--wide', WIDE_HELP)
    .option('--list', 'list the reports')
    .addHelpText(
      'after',
      `
Reports:
${reportList()}

Examples:
  agentdag report sessions --limit 20
  agentdag report cost-by-model-day --since 7d --format csv > cost.csv
  agentdag report tool-success --session 0bfa99e9-3097-495f-ad57-ba7c774f3ed7 --json
  agentdag report session-trace --session 0bfa99e9
  agentdag report cost-by-model-day --host ci-runner-3           # one machine of a team warehouse
  agentdag report hosts                                           # every machine: last push, how much, sessions
  agentdag report --list

Each report is also a view (v_session_summary, v_cost_by_model_day, …) in the DuckDB file, and a
table macro taking the window: SELECT * FROM rpt_sessions(TIMESTAMP '2026-11-01', NULL, NULL)
(add machine := 'ci-runner-3' for one machine).`,
    )
    .action(async (name: string | undefined, opts: RowsOpts & { since?: string; until?: string; session?: string; host?: string; limit?: string; list?: boolean }) => {
      const format = chosenFormat(opts);
      if (opts.list || !name) {
        if (!opts.list && !name) throw new UserError('which report?', `pick one of: ${REPORTS.map((r) => r.name).join(', ')} (agentdag report --list)`, 2);
        const list = [...REPORTS.map((r) => ({ report: r.name, view: r.view, about: r.about })), { report: SESSION_TRACE.name, view: null, about: SESSION_TRACE.about }];
        await writeRows(list, format, process.stdout, undefined, opts);
        return;
      }
      if (name === 'session-trace') {
        const { sessionTraceReport } = await import('./session-trace.js');
        return sessionTraceReport({ session: opts.session, format, wide: opts.wide });
      }
      const def = findReport(name);
      if (!def) throw new UserError(`no report named "${name}"`, `pick one of: ${[...REPORTS, SESSION_TRACE].map((r) => r.name).join(', ')}`, 2);
      const limit = rowLimit(opts.limit);
      const tail = limit === null ? '' : ` LIMIT ${limit}`; // a validated integer, not user text
      const since = bound(opts.since, '--since');
      const until = bound(opts.until, '--until');
      // With no window the report is its view (some views read tables materialised at build time).
      const windowed = !(since === null && until === null && opts.session === undefined && opts.host === undefined);
      const result = windowed
        ? await readRows(`${reportSql(def, true)}${tail}`, [since, until, opts.session ?? null, opts.host ?? null])
        : await readRows(`${reportSql(def, false)}${tail}`);
      await writeRows(result.rows, format, process.stdout, result.columns, opts);
    });

  program
    .command('sql')
    .description('run one read-only SQL query on the warehouse')
    .argument('<query>', 'the SQL query (quote it)')
    .option('--format <format>', `output format: ${FORMATS.join(', ')}`, 'table')
    .option('--json', 'same as --format json')
    .option('--wide', WIDE_HELP)
    .addHelpText(
      'after',
      `
The warehouse is opened read-only and without file access: SELECT, WITH, DESCRIBE, SHOW, SUMMARIZE.
These objects are public (kept stable across versions; anything else may change). Each report of
\`agentdag report --list\` is also a table macro taking a window: rpt_sessions(since, until, session).

${publicObjectsHelp()}

Examples:
  agentdag sql "SELECT tool_name, count(*) AS n FROM fact_execution_step GROUP BY ALL ORDER BY n DESC"
  agentdag sql "SELECT model, sum(cost_usd) AS usd FROM v_api_call_cost GROUP BY ALL" --format csv
  agentdag sql "SHOW TABLES" --json`,
    )
    .action(async (query: string, opts: RowsOpts) => {
      const format = chosenFormat(opts);
      let result: Result;
      try {
        result = await readRows(query, [], true);
      } catch (err) {
        if (err instanceof UserError) throw err;
        const msg = (err as Error).message;
        const fix = /read-only|external access|lock_configuration|Permission/i.test(msg)
          ? 'agentdag sql only reads: copy data out with --format csv or `agentdag export --parquet DIR`'
          : 'check the query; `agentdag sql "SHOW TABLES"` lists what there is';
        throw new UserError(msg.split('\n')[0], fix);
      }
      await writeRows(result.rows, format, process.stdout, result.columns, opts);
    });

  program
    .command('export')
    .description('write the facts and dims as Parquet, Hive-partitioned by day')
    .requiredOption('--parquet <dir>', 'target folder (DIR/<table>/call_date=YYYY-MM-DD/*.parquet)')
    .option('--json', 'print what was written as JSON')
    .addHelpText(
      'after',
      `
Each fact table goes to DIR/<table>/, partitioned by call_date (Hive style); dims to DIR/<dim>/data_0.parquet.
A table's folder is replaced on every export; the rest of DIR is left alone.

Examples:
  agentdag export --parquet ./agentdag-parquet
  duckdb -c "SELECT call_date, sum(cost_usd) FROM read_parquet('agentdag-parquet/fact_api_call/**/*.parquet', hive_partitioning = true) GROUP BY ALL"`,
    )
    .action(async (opts: { parquet: string; json?: boolean }) => {
      const dir = path.resolve(opts.parquet);
      const { withReadOnly } = await import('../warehouse/db.js');
      const { exportParquet } = await import('../warehouse/export.js');
      const written = await withReadOnly(dataPaths(), (conn) => exportParquet(conn, dir));
      printResult(!!opts.json, { dir, tables: written }, () =>
        [`exported to ${dir}:`, ...written.map((t) => `  ${t.table.padEnd(24)} ${String(t.rows).padStart(9)} rows`)].join('\n'),
      );
    });
}
