// The one bulk input format, for decompose, replan, pivot and split: YAML or JSON (JSON is YAML),
// either a list or {tasks: [...]}, each item a title string or
//   {key?, title, description?, priority?, after?: [key|id], inputs?: [key|id]}
// `after` adds blocks edges, `inputs` feeds_into edges (their results arrive in the handoff).
import { UserError } from '../core/errors';

export interface TaskSpec {
  key: string;
  title: string;
  description?: string;
  priority?: number;
  after: string[];
  inputs: string[];
}

const EXAMPLE = `tasks:
  - key: parse
    title: Parse the input
  - title: Save the result
    inputs: [parse]`;

function list(v: unknown, field: string, where: string): string[] {
  if (v === undefined || v === null) return [];
  const arr = Array.isArray(v) ? v : [v];
  return arr.map((x) => {
    if (typeof x !== 'string' || !x.trim()) throw new UserError(`${where}: "${field}" must list task keys or ids`, `for example:\n${EXAMPLE}`, 2);
    return x.trim();
  });
}

export function parseSpecText(text: string, source = 'spec'): TaskSpec[] {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const YAML = require('yaml') as typeof import('yaml');
  let doc: unknown;
  try {
    doc = YAML.parse(text);
  } catch (e) {
    throw new UserError(`${source} is not valid YAML or JSON: ${(e as Error).message.split('\n')[0]}`, `for example:\n${EXAMPLE}`, 2);
  }
  return normalizeSpecs(doc, source);
}

export function normalizeSpecs(doc: unknown, source = 'spec'): TaskSpec[] {
  const items = Array.isArray(doc) ? doc : doc && typeof doc === 'object' ? (doc as { tasks?: unknown }).tasks : undefined;
  if (!Array.isArray(items) || items.length === 0) {
    throw new UserError(`${source} has no tasks`, `give a list of tasks, for example:\n${EXAMPLE}`, 2);
  }
  const specs = items.map((item, i): TaskSpec => {
    const where = `${source}, task ${i + 1}`;
    if (typeof item === 'string') return { key: `#${i + 1}`, title: item, after: [], inputs: [] };
    if (!item || typeof item !== 'object') throw new UserError(`${where} is neither a title nor an object`, `for example:\n${EXAMPLE}`, 2);
    const o = item as Record<string, unknown>;
    const known = new Set(['key', 'id', 'title', 'description', 'priority', 'after', 'inputs', 'depends_on', 'feeds_from']);
    const extra = Object.keys(o).filter((k) => !known.has(k));
    if (extra.length) throw new UserError(`${where} has unknown field(s) ${extra.join(', ')}`, 'fields: key, title, description, priority, after, inputs', 2);
    if (typeof o.title !== 'string' || !o.title.trim()) throw new UserError(`${where} needs a title`, `for example:\n${EXAMPLE}`, 2);
    if (o.priority !== undefined && !Number.isInteger(o.priority)) throw new UserError(`${where}: priority must be an integer`, 'priority: 2', 2);
    if (o.description !== undefined && typeof o.description !== 'string') throw new UserError(`${where}: description must be text`, 'description: "…"', 2);
    const key = o.key ?? o.id;
    return {
      key: key === undefined ? `#${i + 1}` : String(key),
      title: o.title.trim(),
      description: o.description as string | undefined,
      priority: o.priority as number | undefined,
      after: [...list(o.after, 'after', where), ...list(o.depends_on, 'depends_on', where)],
      inputs: [...list(o.inputs, 'inputs', where), ...list(o.feeds_from, 'feeds_from', where)],
    };
  });
  const seen = new Set<string>();
  for (const s of specs) {
    if (seen.has(s.key)) throw new UserError(`${source}: key "${s.key}" is used twice`, 'give each task its own key', 2);
    seen.add(s.key);
  }
  return specs;
}

/** Titles as specs; `chain` makes each depend on the one before. */
export function specsFromTitles(titles: string[], chain = false): TaskSpec[] {
  return titles.map((title, i) => ({ key: `#${i + 1}`, title, after: chain && i > 0 ? [`#${i}`] : [], inputs: [] }));
}
