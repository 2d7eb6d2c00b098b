// What every argument of a task command may be, checked at both edges (the CLI's parsers and
// hooks, the MCP server's argument check) before the engine sees it: type, range, size. The
// schema's CHECKs refuse the same numbers again (migration 004 / postgres 001), so a caller that
// skips the edge still cannot store them. Errors name the field and show a valid value.
import { fix, opt, UserError } from '../core/errors';

export interface FieldRule {
  type: 'integer' | 'string' | 'strings' | 'boolean';
  min?: number;
  max?: number;
  /** Characters (strings; each item of a list). */
  maxLength?: number;
  maxItems?: number;
  /** A valid value, shown in the fix. */
  example: string | number | boolean;
}

const KiB = 1024;
const ID = { type: 'string', maxLength: 200, example: 't-3k9x2m7q' } as const;
const TEXT = { type: 'string', maxLength: 64 * KiB, example: 'found the root cause' } as const;

/** Every argument name either edge takes, and its rule. */
export const FIELDS: Readonly<Record<string, FieldRule>> = {
  priority: { type: 'integer', min: -1_000_000, max: 1_000_000, example: 2 },
  max_retries: { type: 'integer', min: 0, max: 1000, example: 2 },
  lease: { type: 'integer', min: 1, max: 604_800, example: 600 },
  percent: { type: 'integer', min: 0, max: 100, example: 40 },
  limit: { type: 'integer', min: 1, max: 100_000, example: 20 },
  since: { type: 'integer', min: 0, max: Number.MAX_SAFE_INTEGER, example: 120 },
  id: ID,
  from: ID,
  to: ID,
  parent: ID,
  before: ID,
  task: ID,
  agent: { type: 'string', maxLength: 200, example: 'reviewer' },
  session: { type: 'string', maxLength: 200, example: 'c0ffee00-…' },
  project: { type: 'string', maxLength: 200, example: 'default' },
  title: { type: 'string', maxLength: 1000, example: 'Write the parser' },
  description: TEXT,
  text: TEXT,
  note: TEXT,
  error: TEXT,
  reason: { type: 'string', maxLength: 4 * KiB, example: 'out of scope' },
  result: { type: 'string', maxLength: 1024 * KiB, example: '{"ok": true}' },
  status: { type: 'string', maxLength: 200, example: 'ready,running' },
  name: { type: 'string', maxLength: 1000, example: 'report' },
  uri: { type: 'string', maxLength: 8 * KiB, example: './out/report.pdf' },
  media_type: { type: 'string', maxLength: 200, example: 'application/pdf' },
  tag: { type: 'string', maxLength: 100, example: 'backend' },
  tags: { type: 'strings', maxItems: 100, maxLength: 100, example: 'backend' },
  after: { type: 'strings', maxItems: 1000, maxLength: 200, example: 't-3k9x2m7q' },
  feeds_from: { type: 'strings', maxItems: 1000, maxLength: 200, example: 't-3k9x2m7q' },
  titles: { type: 'strings', maxItems: 1000, maxLength: 1000, example: 'Write the parser' },
  paths: { type: 'strings', maxItems: 1000, maxLength: 4 * KiB, example: 'src/api.ts' },
  spec: { type: 'string', maxLength: 1024 * KiB, example: 'plan.yaml' },
};

function refuse(field: string, what: string, rule: FieldRule, positional: boolean): never {
  const example = positional ? `for example: ${rule.example}` : fix`for example: ${opt(field, rule.type === 'strings' ? String(rule.example) : (rule.example as string | number))}`;
  throw new UserError(`${field} ${what}`, example, 2, field);
}

/**
 * Check one argument against its rule; returns it (integers parsed from CLI text). `positional`:
 * the CLI takes it as an argument, not an --option (the fix then shows a value, not a flag).
 */
export function checkField(field: string, value: unknown, opts: { positional?: boolean; fromText?: boolean } = {}): unknown {
  const rule = FIELDS[field];
  if (!rule || value === undefined || value === null) return value;
  const pos = !!opts.positional;
  // One id where another command takes a list of them (insert --after A; add --after A,B).
  if (rule.type === 'strings' && typeof value === 'string') return checkField(field, [value], opts) && value;
  if (rule.type === 'integer') {
    const n = opts.fromText && typeof value === 'string' && /^[+-]?\d+$/.test(value.trim()) ? Number(value) : value;
    if (typeof n !== 'number' || !Number.isInteger(n)) refuse(field, `must be a whole number from ${rule.min} to ${rule.max}, got ${JSON.stringify(value)}`, rule, pos);
    if (n < rule.min! || n > rule.max!) refuse(field, `must be from ${rule.min} to ${rule.max}, got ${n}`, rule, pos);
    return n;
  }
  if (rule.type === 'boolean') {
    if (typeof value !== 'boolean') refuse(field, `must be true or false, got ${JSON.stringify(value)}`, rule, pos);
    return value;
  }
  const items = rule.type === 'strings' ? value : [value];
  if (!Array.isArray(items)) refuse(field, `must be a list of strings, got ${typeof value}`, rule, pos);
  if (rule.maxItems && items.length > rule.maxItems) refuse(field, `has ${items.length} items; at most ${rule.maxItems}`, rule, pos);
  for (const s of items) {
    if (typeof s !== 'string') refuse(field, `must be ${rule.type === 'strings' ? 'a list of strings' : 'a string'}, got ${JSON.stringify(s)?.slice(0, 40) ?? typeof s}`, rule, pos);
    if (rule.maxLength && s.length > rule.maxLength) refuse(field, `is ${s.length} characters long; at most ${rule.maxLength}`, rule, pos);
  }
  return value;
}
