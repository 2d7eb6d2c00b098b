// The warehouse's models: one object per file under sql/<layer>/, the folder being the layer. The
// layer says how the object is materialised; build order = layer order, and within a layer each
// model comes after the models it reads (found by name in its SQL).
//
//   parse/       temp     the big raw JSON (hook payloads, transcript lines) parsed once per build,
//                         for the sessions the build covers, as temp tables the facts read many
//                         times; never stored: kept, they were the largest tables of the file
//                         (copies of the raw JSON) and a third of the build's commit
//   staging/     tables   raw rows typed and kept across builds: what an incremental build reads of
//                         sessions it does not rebuild (API message copies), what reports and checks
//                         read after the build (hosts, subagent meta), the task graph's rows
//   facts/       tables   one row per event: tool calls, API calls, launches, … (dim_agent too:
//                         a subagent is known from the same session's events)
//   dims/        tables   lookups: prices, model names → prices
//   aggregates/  tables   priced calls, hourly and daily sums, per-session n-grams
//   marts/       tables   the task-graph analytics (waves, claims, cost per task, concurrency)
//   reports/     macros   rpt_<name>(since, until, session, machine); a report whose header names an
//                         "all history" table gets that table materialised with it
//   views/       views    public names over the above (unions, the seed's task_executions)
//
// How a table is refreshed follows from the key in its header: a key with session_id is rebuilt
// for the sessions a build touches, a key with day for the days they touch, anything else whole.
// An aggregate whose header says `-- sums over sessions: <table>` holds totals over all sessions
// that are only sums (every column but the key): a build adds what the touched sessions have now
// and subtracts what they had (warehouse/build.ts), so it costs what is new, not all history.
// Each file starts with a comment naming the object, then `-- grain:` (what one row is) and
// `-- key:` (the columns that identify a row); the body is the SELECT.
import { readSql, sqlNames } from './sql-files';

export type Layer = 'parse' | 'staging' | 'facts' | 'dims' | 'aggregates' | 'marts' | 'reports' | 'views';
export type Kind = 'temp' | 'table' | 'macro' | 'view';
export type Refresh = 'session' | 'day' | 'sums' | 'whole';

export const LAYERS: readonly { layer: Layer; kind: Kind }[] = [
  { layer: 'parse', kind: 'temp' },
  { layer: 'staging', kind: 'table' },
  { layer: 'facts', kind: 'table' },
  { layer: 'dims', kind: 'table' },
  { layer: 'aggregates', kind: 'table' },
  { layer: 'marts', kind: 'table' },
  { layer: 'reports', kind: 'macro' },
  { layer: 'views', kind: 'view' },
];

/** Layers whose tables may be refreshed by session or day; dims and marts are small and rebuilt whole. */
const SCOPED_LAYERS: ReadonlySet<Layer> = new Set(['staging', 'facts', 'aggregates']);

export interface Model {
  layer: Layer;
  name: string;
  kind: Kind;
  /** The SELECT (for macros: over the parameters since, until, session). */
  body: string;
  /** The first comment line's text after "<name>:". */
  about: string;
  grain: string;
  key: string[];
  refresh: Refresh;
  /** reports/ only: the table holding the report over all history. */
  allHistory: string | null;
  /** refresh 'sums': the session-keyed table the totals are summed from. */
  sumsOver: string | null;
  /** Models (and all-history tables) this one reads. */
  reads: string[];
  /** Raw tables (sql/raw/) this one reads. */
  readsRaw: string[];
}

export class ModelFileError extends Error {}

/** One model file: sql/<layer>/<name>.sql and its text. */
export interface ModelFile {
  layer: Layer;
  name: string;
  text: string;
}

const KIND = Object.fromEntries(LAYERS.map((l) => [l.layer, l.kind])) as Record<Layer, Kind>;

function header(text: string, label: string): string | null {
  const m = new RegExp(`^--\\s*${label}:\\s*(.+)$`, 'm').exec(text.slice(0, headerEnd(text)));
  return m ? m[1].trim() : null;
}

/** Where the leading comment block ends. */
function headerEnd(text: string): number {
  const m = /^(?:--[^\n]*\n|\s*\n)*/.exec(text);
  return m ? m[0].length : 0;
}

/** The SQL without comments (so a comment naming another object is not a dependency). */
function code(text: string): string {
  return text.replace(/--[^\n]*/g, ' ');
}

function parseModel({ layer, name, text }: ModelFile): Omit<Model, 'reads' | 'readsRaw'> {
  const kind = KIND[layer];
  const where = `sql/${layer}/${name}.sql`;
  const first = /^--\s*([a-z0-9_]+)(?:\s*\([^)]*\))?:\s*(.*)$/m.exec(text);
  if (!first || first[1] !== name) throw new ModelFileError(`${where}: the first line must be "-- ${name}: <what it is>"`);
  const grain = header(text, 'grain');
  const key = header(text, 'key');
  if (!grain || !key) throw new ModelFileError(`${where}: the header must state "-- grain:" and "-- key:"`);
  const body = text.slice(headerEnd(text)).trim().replace(/;\s*$/, '');
  if (/^\s*CREATE\b/i.test(body)) throw new ModelFileError(`${where}: the body is a SELECT; the folder decides what is created`);
  const keys = key === '(one row)' ? [] : key.split(',').map((k) => k.trim());
  const scoped = kind === 'table' && SCOPED_LAYERS.has(layer);
  const sumsOver = header(text, 'sums over sessions');
  if (sumsOver && layer !== 'aggregates') throw new ModelFileError(`${where}: only aggregates may be "sums over sessions"`);
  const refresh: Refresh = sumsOver ? 'sums' : scoped && keys.includes('session_id') ? 'session' : scoped && keys.includes('day') ? 'day' : 'whole';
  const allHistory = header(text, 'all history');
  if (allHistory && layer !== 'reports') throw new ModelFileError(`${where}: only reports have an "all history" table`);
  return { layer, name, kind, body, about: first[2].trim(), grain, key: keys, refresh, allHistory, sumsOver };
}

let cached: Model[] | null = null;

/** Every model under sql/<layer>/ in build order (read and checked once per process). */
export function loadModels(): Model[] {
  if (cached) return cached;
  cached = parseModels(LAYERS.flatMap(({ layer }) => sqlNames(layer).map((name) => ({ layer, name, text: readSql(layer, name) }))));
  return cached;
}

/**
 * The models of the given files in build order, every rule checked. Apart from loadModels so the
 * rules can be tested on made-up files (test/warehouse/model-files.test.ts) without touching sql/.
 */
export function parseModels(files: readonly ModelFile[], rawTables: readonly string[] = sqlNames('raw')): Model[] {
  const parsed = files.map(parseModel);
  const names = new Map<string, Omit<Model, 'reads' | 'readsRaw'>>();
  for (const m of parsed) {
    names.set(m.name, m);
    if (m.allHistory) names.set(m.allHistory, m);
  }
  const order = new Map(LAYERS.map((l, i) => [l.layer, i]));
  const withReads: Model[] = parsed.map((m) => {
    const sql = code(m.body);
    const reads = [...names.keys()].filter((n) => n !== m.name && n !== m.allHistory && new RegExp(`\\b${n}\\b`).test(sql));
    for (const r of reads) {
      const target = names.get(r)!;
      if (order.get(target.layer)! > order.get(m.layer)!) {
        throw new ModelFileError(`sql/${m.layer}/${m.name}.sql reads ${r} of the later layer ${target.layer}/`);
      }
    }
    // The runner subtracts what the touched sessions had: the totals must be summed from a table it rebuilds by session.
    if (m.sumsOver && !(reads.includes(m.sumsOver) && names.get(m.sumsOver)!.refresh === 'session')) {
      throw new ModelFileError(`sql/${m.layer}/${m.name}.sql: "sums over sessions: ${m.sumsOver}" must name a session-keyed table it reads`);
    }
    const readsRaw = rawTables.filter((n) => new RegExp(`\\b${n}\\b`).test(sql));
    return { ...m, reads: [...new Set(reads.map((r) => names.get(r)!.name))], readsRaw };
  });
  return LAYERS.flatMap(({ layer }) => topological(withReads.filter((m) => m.layer === layer)));
}

/** Models of one layer, each after the ones it reads (ties by name, so the order is stable). */
function topological(models: Model[]): Model[] {
  const byName = new Map(models.map((m) => [m.name, m]));
  const out: Model[] = [];
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (m: Model, path: string[]) => {
    if (state.get(m.name) === 'done') return;
    if (state.get(m.name) === 'visiting') throw new ModelFileError(`sql/${m.layer}/: models read each other in a cycle: ${[...path, m.name].join(' → ')}`);
    state.set(m.name, 'visiting');
    for (const r of m.reads) {
      const dep = byName.get(r);
      if (dep) visit(dep, [...path, m.name]);
    }
    state.set(m.name, 'done');
    out.push(m);
  };
  for (const m of [...models].sort((a, b) => a.name.localeCompare(b.name))) visit(m, []);
  return out;
}

/** Every relation a build stores: models (not macros, not temp tables) and the reports' all-history tables. */
export function modelRelations(): string[] {
  return loadModels().flatMap((m) => [...(m.kind === 'macro' || m.kind === 'temp' ? [] : [m.name]), ...(m.allHistory ? [m.allHistory] : [])]);
}
