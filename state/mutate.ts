// Every write a command makes runs here: for real (one BEGIN IMMEDIATE transaction) or as a
// what-if (the same code in a transaction that is rolled back, with a report of what it did).
import type { Graph } from './graph';
import { whatIf, WhatIfReport } from './what-if';

export type Mutation<R> = { what_if: false; result: R } | { what_if: true; result: R; report: WhatIfReport };

export function mutate<R>(g: Graph, preview: boolean | undefined, fn: () => R): Mutation<R> {
  if (preview) {
    const { result, report } = whatIf(g, fn);
    return { what_if: true, result, report };
  }
  return { what_if: false, result: g.tx(fn) };
}
