// Plan operations as commands see them: dependency edges and plan adaptation (insert, amend,
// pivot, split, decompose, replan), each previewable with what-if. Specs come from a file,
// inline YAML/JSON, or plain titles.
import * as fs from 'node:fs';
import { fix, opt, UserError } from '../core/errors';
import { actor, type ActorOptions } from './agent';
import { addDep, parseCondition, parseKind, removeDep } from './deps';
import { Graph, toTask } from './graph';
import { mutate } from './mutate';
import { amend, decompose, insert, pivot, replan } from './plan';
import { parseSpecText, specsFromTitles, TaskSpec } from './spec';

export function depAdd(g: Graph, fromInput: string, toInput: string, o: { kind?: string; condition?: string; whatIf?: boolean }) {
  const from = g.resolve(fromInput);
  const to = g.resolve(toInput);
  const kind = parseKind(o.kind);
  const condition = parseCondition(o.condition);
  return mutate(g, o.whatIf, () => addDep(g, from, to, { kind, condition }));
}

export function depRm(g: Graph, fromInput: string, toInput: string, o: { whatIf?: boolean }) {
  const from = g.resolve(fromInput);
  const to = g.resolve(toInput);
  return mutate(g, o.whatIf, () => removeDep(g, from, to));
}

export function insertStep(g: Graph, title: string, o: { after?: string; before?: string; description?: string; priority?: number; whatIf?: boolean }) {
  const after = o.after ? g.resolve(o.after) : undefined;
  const before = o.before ? g.resolve(o.before) : undefined;
  return mutate(g, o.whatIf, () => {
    const r = insert(g, { title, description: o.description, priority: o.priority, after, before });
    return { task: toTask(g.mustRow(r.id)), rewired: r.rewired };
  });
}

export function amendTask(g: Graph, idInput: string, text: string, o: ActorOptions & { whatIf?: boolean }) {
  const id = g.resolve(idInput);
  return mutate(g, o.whatIf, () => toTask(amend(g, id, text, actor(o).agent)));
}

export function readSpec(file: string | undefined, inline?: string): TaskSpec[] {
  if (inline !== undefined) return parseSpecText(inline, 'the spec');
  if (!file) throw new UserError('a spec is needed', fix`pass ${opt('spec', 'plan.yaml')} (YAML or JSON)`, 2, 'spec');
  let text: string;
  try {
    text = fs.readFileSync(file === '-' ? 0 : file, 'utf8');
  } catch (e) {
    throw new UserError(`cannot read ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`, 'check the path to the spec file', 2, 'spec');
  }
  return parseSpecText(text, file === '-' ? 'stdin' : file);
}

/** Specs from --spec FILE, inline YAML/JSON, or plain titles. */
export function specsFrom(o: { spec?: string; specText?: string; titles?: string[]; chain?: boolean }): TaskSpec[] {
  if (o.spec || o.specText !== undefined) return readSpec(o.spec, o.specText);
  if (o.titles?.length) return specsFromTitles(o.titles, o.chain);
  throw new UserError('no tasks given', fix`pass titles, or ${opt('spec', 'plan.yaml')} (YAML or JSON)`, 2, 'titles');
}

export function pivotTask(g: Graph, idInput: string, specs: TaskSpec[], o: { reason?: string; whatIf?: boolean }) {
  const id = g.resolve(idInput);
  return mutate(g, o.whatIf, () => pivot(g, id, specs, o.reason ?? null));
}

export function splitTask(g: Graph, idInput: string, specs: TaskSpec[], o: { whatIf?: boolean }) {
  const id = g.resolve(idInput);
  return mutate(g, o.whatIf, () => decompose(g, id, specs, 'split'));
}

export function decomposeTask(g: Graph, idInput: string, specs: TaskSpec[], o: { whatIf?: boolean }) {
  const id = g.resolve(idInput);
  return mutate(g, o.whatIf, () => decompose(g, id, specs, 'decompose'));
}

export function replanTask(g: Graph, idInput: string, specs: TaskSpec[], o: { whatIf?: boolean }) {
  const id = g.resolve(idInput);
  return mutate(g, o.whatIf, () => replan(g, id, specs));
}
