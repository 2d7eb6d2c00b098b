// The rules of a model file's header and of how models read each other (warehouse/model-files.ts),
// each shown on made-up files through parseModels: a well-formed case passes, a broken one throws
// a ModelFileError naming the file. Then the facts derived from the files (refresh, reads, build
// order), and the real sql/ folders loaded as every build loads them.
import { describe, expect, it } from 'vitest';
import { LAYERS, loadModels, ModelFileError, parseModels, type Layer, type ModelFile } from '../../warehouse/model-files';
import { readSql, sqlNames } from '../../warehouse/sql-files';

/** A model file: `-- <name>: <about>`, then the given header lines (grain and key unless replaced), then the body. */
function file(layer: Layer, name: string, body = 'SELECT 1 AS id', headers: Record<string, string> = {}): ModelFile {
  const lines = Object.entries({ grain: 'row', key: 'id', ...headers }).map(([label, value]) => `-- ${label}: ${value}`);
  return { layer, name, text: [`-- ${name}: a test model`, ...lines, body, ''].join('\n') };
}

/** The ModelFileError message parseModels throws for these files (fails the test if it throws none, or another error). */
function errorOf(files: ModelFile[]): string {
  try {
    parseModels(files);
  } catch (err) {
    expect(err).toBeInstanceOf(ModelFileError);
    return (err as Error).message;
  }
  throw new Error('parseModels accepted the files');
}

function byName(files: ModelFile[]) {
  return new Map(parseModels(files).map((m) => [m.name, m]));
}

describe('rules (each broken case throws a ModelFileError naming the file)', () => {
  it('1. the first line is "-- <name>: <what it is>", <name> the file name', () => {
    const [m] = parseModels([file('facts', 'fact_x')]);
    expect(m.about).toBe('a test model');
    // A report's first line may list its parameters.
    const report = { layer: 'reports' as const, name: 'rpt_x', text: '-- rpt_x(since, until, session, machine): a report\n-- grain: day\n-- key: day\nSELECT 1 AS day\n' };
    expect(parseModels([report])[0].about).toBe('a report');

    const wrongName = { ...file('facts', 'fact_x'), text: file('facts', 'fact_y').text };
    expect(errorOf([wrongName])).toBe('sql/facts/fact_x.sql: the first line must be "-- fact_x: <what it is>"');
    const noHeader = { layer: 'facts' as const, name: 'fact_x', text: 'SELECT 1 AS id\n' };
    expect(errorOf([noHeader])).toBe('sql/facts/fact_x.sql: the first line must be "-- fact_x: <what it is>"');
  });

  it('2. the header states "-- grain:" and "-- key:"', () => {
    const [m] = parseModels([file('facts', 'fact_x', 'SELECT 1 AS a, 2 AS b', { grain: 'one thing', key: 'a, b' })]);
    expect(m.grain).toBe('one thing');
    expect(m.key).toEqual(['a', 'b']);

    const message = 'sql/facts/fact_x.sql: the header must state "-- grain:" and "-- key:"';
    const noGrain = { layer: 'facts' as const, name: 'fact_x', text: '-- fact_x: a test model\n-- key: id\nSELECT 1 AS id\n' };
    const noKey = { layer: 'facts' as const, name: 'fact_x', text: '-- fact_x: a test model\n-- grain: row\nSELECT 1 AS id\n' };
    expect(errorOf([noGrain])).toBe(message);
    expect(errorOf([noKey])).toBe(message);
    // A grain stated below the header (in the body) is not the header's.
    const grainInBody = { layer: 'facts' as const, name: 'fact_x', text: '-- fact_x: a test model\n-- key: id\nSELECT 1 AS id\n-- grain: row\n' };
    expect(errorOf([grainInBody])).toBe(message);
  });

  it('3. the body is a SELECT, not a CREATE', () => {
    const [m] = parseModels([file('facts', 'fact_x', 'SELECT 1 AS id;')]);
    expect(m.body).toBe('SELECT 1 AS id'); // the trailing ; dropped

    expect(errorOf([file('facts', 'fact_x', 'CREATE TABLE fact_x AS SELECT 1 AS id;')])).toBe(
      'sql/facts/fact_x.sql: the body is a SELECT; the folder decides what is created',
    );
    expect(errorOf([file('views', 'v_x', 'create view v_x as select 1 as id')])).toBe(
      'sql/views/v_x.sql: the body is a SELECT; the folder decides what is created',
    );
  });

  it('4. only aggregates/ have "sums over sessions", naming a session-keyed table they read', () => {
    const perSession = file('aggregates', 'agg_per_session', 'SELECT session_id, 1 AS n', { key: 'session_id' });
    const totals = file('aggregates', 'agg_totals', 'SELECT sum(n) AS n FROM agg_per_session', { key: '(one row)', 'sums over sessions': 'agg_per_session' });
    const m = byName([perSession, totals]).get('agg_totals')!;
    expect(m.refresh).toBe('sums');
    expect(m.sumsOver).toBe('agg_per_session');

    // Outside aggregates/.
    const inMarts = file('marts', 'mart_totals', 'SELECT sum(n) AS n FROM agg_per_session', { 'sums over sessions': 'agg_per_session' });
    expect(errorOf([perSession, inMarts])).toBe('sql/marts/mart_totals.sql: only aggregates may be "sums over sessions"');

    const message = 'sql/aggregates/agg_totals.sql: "sums over sessions: agg_per_session" must name a session-keyed table it reads';
    // A table it does not read (named only in a comment).
    const notRead = file('aggregates', 'agg_totals', 'SELECT 1 AS n -- from agg_per_session', { 'sums over sessions': 'agg_per_session' });
    expect(errorOf([perSession, notRead])).toBe(message);
    // A table that does not exist.
    expect(errorOf([totals])).toBe(message);
    // A table it reads that is not refreshed by session (keyed by day).
    const perDay = file('aggregates', 'agg_per_session', 'SELECT 1 AS day, 1 AS n', { key: 'day' });
    expect(errorOf([perDay, totals])).toBe(message);
  });

  it('5. only reports/ have an "all history" table', () => {
    const report = file('reports', 'rpt_x', 'SELECT 1 AS id', { 'all history': 'v_x_all' });
    const view = file('views', 'v_reads_all', 'SELECT * FROM v_x_all');
    const models = byName([report, view]);
    expect(models.get('rpt_x')!.allHistory).toBe('v_x_all');
    // Reading the all-history table is reading the report that makes it.
    expect(models.get('v_reads_all')!.reads).toEqual(['rpt_x']);

    expect(errorOf([file('marts', 'mart_x', 'SELECT 1 AS id', { 'all history': 'v_x_all' })])).toBe(
      'sql/marts/mart_x.sql: only reports have an "all history" table',
    );
  });

  it('6. a model does not read a model of a later layer', () => {
    const fact = file('facts', 'fact_x');
    const mart = file('marts', 'mart_x', 'SELECT * FROM fact_x');
    const otherFact = file('facts', 'fact_y', 'SELECT * FROM fact_x'); // same layer: fine
    expect(byName([fact, mart, otherFact]).get('mart_x')!.reads).toEqual(['fact_x']);

    const early = file('facts', 'fact_early', 'SELECT * FROM mart_x');
    expect(errorOf([fact, mart, early])).toBe('sql/facts/fact_early.sql reads mart_x of the later layer marts/');
  });

  it('7. models of one layer do not read each other in a cycle', () => {
    const a = file('facts', 'fact_a', 'SELECT * FROM fact_b');
    const b = file('facts', 'fact_b', 'SELECT 1 AS id');
    expect(parseModels([a, b]).map((m) => m.name)).toEqual(['fact_b', 'fact_a']);

    const bBack = file('facts', 'fact_b', 'SELECT * FROM fact_c');
    const c = file('facts', 'fact_c', 'SELECT * FROM fact_a');
    expect(errorOf([a, bBack, c])).toBe('sql/facts/: models read each other in a cycle: fact_a → fact_b → fact_c → fact_a');
  });
});

describe('derived facts', () => {
  it('refresh follows the key: session_id → session, day → day (staging, facts, aggregates tables only), sums header → sums, else whole', () => {
    const models = byName([
      file('staging', 'stg_s', 'SELECT 1', { key: 'session_id, line' }),
      file('facts', 'fact_d', 'SELECT 1', { key: 'day, model' }),
      file('facts', 'fact_both', 'SELECT 1', { key: 'day, session_id' }), // session_id wins
      file('aggregates', 'agg_d', 'SELECT 1', { key: 'day' }),
      file('facts', 'fact_w', 'SELECT 1', { key: 'id' }),
      file('facts', 'fact_one', 'SELECT 1', { key: '(one row)' }),
      // Not scoped: parse/ is temp, dims and marts are rebuilt whole, reports and views are not tables.
      file('parse', 'parse_s', 'SELECT 1', { key: 'session_id' }),
      file('dims', 'dim_s', 'SELECT 1', { key: 'session_id' }),
      file('marts', 'mart_d', 'SELECT 1', { key: 'day' }),
      file('reports', 'rpt_s', 'SELECT 1', { key: 'session_id' }),
      file('views', 'v_s', 'SELECT 1', { key: 'session_id' }),
    ]);
    const refresh = Object.fromEntries([...models].map(([name, m]) => [name, m.refresh]));
    expect(refresh).toEqual({
      stg_s: 'session',
      fact_d: 'day',
      fact_both: 'session',
      agg_d: 'day',
      fact_w: 'whole',
      fact_one: 'whole',
      parse_s: 'whole',
      dim_s: 'whole',
      mart_d: 'whole',
      rpt_s: 'whole',
      v_s: 'whole',
    });
    expect(models.get('fact_one')!.key).toEqual([]);
    expect(models.get('parse_s')!.kind).toBe('temp');
    expect(models.get('rpt_s')!.kind).toBe('macro');
  });

  it('reads are the models named in the SQL, comments stripped, whole names only', () => {
    const models = byName([
      file('facts', 'fact_a'),
      file('facts', 'fact_ab'),
      file('facts', 'fact_c'),
      file('marts', 'mart_x', ['-- unlike fact_c, this reads fact_a', 'SELECT * FROM fact_ab -- not fact_c', 'JOIN fact_a USING (id)'].join('\n')),
    ]);
    // The header's comments do not count either.
    const inHeader = byName([file('facts', 'fact_c'), file('marts', 'mart_y', 'SELECT 1 AS id', { grain: 'like fact_c' })]);
    expect(models.get('mart_x')!.reads.sort()).toEqual(['fact_a', 'fact_ab']);
    expect(inHeader.get('mart_y')!.reads).toEqual([]);
  });

  it('raw reads are the raw tables named in the SQL, the same way; a model read twice (by its all-history name too) is listed once', () => {
    const raw = ['raw_a', 'raw_ab', 'raw_c'];
    const models = new Map(
      parseModels(
        [
          file('reports', 'rpt_x', 'SELECT * FROM raw_ab -- not raw_c', { 'all history': 'v_x' }),
          file('reports', 'rpt_y', 'SELECT * FROM v_x UNION ALL SELECT * FROM rpt_x(since, until, session) JOIN raw_a USING (id)'),
        ],
        raw,
      ).map((m) => [m.name, m]),
    );
    expect(models.get('rpt_x')!.readsRaw).toEqual(['raw_ab']);
    expect(models.get('rpt_y')!.readsRaw).toEqual(['raw_a']);
    expect(models.get('rpt_y')!.reads).toEqual(['rpt_x']);
  });

  it('build order: layer order, within a layer each model after the ones it reads, ties by name', () => {
    const files = [
      file('views', 'v_x', 'SELECT * FROM mart_x'),
      file('marts', 'mart_x', 'SELECT * FROM fact_a'),
      file('facts', 'fact_c'),
      file('facts', 'fact_b'),
      file('facts', 'fact_a', 'SELECT * FROM fact_c'), // reads fact_c: comes after it
      file('staging', 'stg_z'),
      file('staging', 'stg_y'),
    ];
    expect(parseModels(files).map((m) => m.name)).toEqual(['stg_y', 'stg_z', 'fact_c', 'fact_a', 'fact_b', 'mart_x', 'v_x']);
  });
});

describe('the real sql/ folders', () => {
  it('loadModels loads every model file without error, and every model reads only models', () => {
    const models = loadModels();
    // Every .sql file of every model folder (sql/<layer>/ for each layer) is a model.
    const files = LAYERS.flatMap(({ layer }) => sqlNames(layer).map((name) => `${layer}/${name}`));
    expect(files.length).toBeGreaterThan(0);
    expect(models.map((m) => `${m.layer}/${m.name}`).sort()).toEqual(files.sort());
    const names = new Set(models.map((m) => m.name));
    for (const m of models) for (const r of m.reads) expect(names.has(r), `${m.layer}/${m.name} reads ${r}`).toBe(true);
    // Read once per process; the same files through parseModels give the same models.
    expect(loadModels()).toBe(models);
    expect(parseModels(LAYERS.flatMap(({ layer }) => sqlNames(layer).map((name) => ({ layer, name, text: readSql(layer, name) }))))).toEqual(models);
  });
});
