// The MCP edge check: every tool call's arguments against the tool's JSON Schema (an object; no
// unknown names; the required ones; each of its type) and state/limits.ts (range and size), before
// the engine sees them. A wrong argument is a tool error naming the field and a valid value, never
// an internal error ("t.title?.trim is not a function") or a silently wrong value ("abc" as tags).
import { fix, opt, UserError } from '../core/errors';
import { checkField, FIELDS } from '../state/limits';
import type { Args, Tool } from './mcp-tools';

interface PropSchema {
  type?: string;
  items?: { type: string };
  enum?: string[];
  anyOf?: { type: string }[];
}

const JSON_VALUE_MAX = 1024 * 1024;

function typeOf(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'number') return Number.isInteger(v) ? 'integer' : 'number';
  return typeof v;
}

function matches(v: unknown, s: PropSchema): boolean {
  if (s.anyOf) return s.anyOf.some((x) => matches(v, x));
  if (!s.type) return true; // any JSON value (a task result)
  const t = typeOf(v);
  if (s.type === 'array') return t === 'array' && (!s.items || (v as unknown[]).every((x) => typeOf(x) === s.items!.type));
  return t === s.type || (s.type === 'number' && t === 'integer');
}

function describe(s: PropSchema): string {
  if (s.anyOf) return s.anyOf.map(describe).join(' or ');
  if (s.type === 'array' && s.items) return `an array of ${s.items.type}s`;
  return s.type === 'integer' ? 'a whole number' : `a ${s.type}`;
}

function wrong(field: string, message: string): never {
  const rule = FIELDS[field];
  const example = rule && (typeof rule.example === 'boolean' ? String(rule.example) : rule.example);
  throw new UserError(`${field} ${message}`, example !== undefined ? fix`for example: ${opt(field, example)}` : 'see the tool\'s input schema (tools/list)', 2, field);
}

/** The arguments, checked; throws a UserError naming the first wrong one. */
export function checkToolArgs(tool: Tool, args: unknown): Args {
  if (args === undefined || args === null) args = {};
  if (typeOf(args) !== 'object') throw new UserError(`the arguments of ${tool.name} must be an object, got ${typeOf(args)}`, 'pass named arguments: {"id": "t-…"}', 2);
  const a = args as Args;
  const props = tool.inputSchema.properties as Record<string, PropSchema>;
  for (const name of Object.keys(a)) {
    if (!(name in props)) {
      throw new UserError(`${tool.name} has no argument "${name}"`, `its arguments: ${Object.keys(props).join(', ') || '(none)'}`, 2, name);
    }
  }
  for (const name of tool.inputSchema.required ?? []) if (a[name] === undefined) wrong(name, 'is required');
  for (const [name, v] of Object.entries(a)) {
    if (v === undefined) continue;
    const s = props[name];
    if (!matches(v, s)) wrong(name, `must be ${describe(s)}, got ${typeOf(v)}${typeof v === 'string' ? ` "${v.slice(0, 40)}"` : ''}`);
    if (s.enum && !s.enum.includes(v as string)) wrong(name, `must be one of ${s.enum.join(', ')}, got "${v}"`);
    const rule = FIELDS[name];
    const kind = { integer: 'integer', string: 'string', strings: 'array', boolean: 'boolean' }[rule?.type ?? 'boolean'];
    if (rule && (typeOf(v) === kind || (rule.type === 'strings' && typeof v === 'string'))) checkField(name, v);
    else if (typeOf(v) === 'object' || typeOf(v) === 'array' || !s.type) {
      // A spec given as a list or object, a result of any JSON: bounded by its size.
      const size = JSON.stringify(v).length;
      if (size > JSON_VALUE_MAX) wrong(name, `is ${size} characters of JSON; at most ${JSON_VALUE_MAX}`);
    }
  }
  return a;
}
