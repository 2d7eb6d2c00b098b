// Waves (dependency levels) as computed for both the live dashboard and the warehouse.
import { describe, expect, it } from 'vitest';

import { taskWaves, dependencyLevels } from '../../state/waves';

const task = (id: string, parent: string | null = null, kind = 'task') => ({ id, parent_task_id: parent, kind });
const dep = (from_task: string, to_task: string, kind = 'blocks') => ({ from_task, to_task, kind });
const waves = (tasks: any[], deps: any[]) => Object.fromEntries(taskWaves(tasks, deps));

describe('task waves', () => {
  it('puts a diamond in three waves: the join waits for the longest branch', () => {
    // a → b → d, a → c → e → d : d is at 1 + the longest chain above it (a, c, e) = wave 4
    const ts = ['a', 'b', 'c', 'd', 'e'].map((id) => task(id));
    expect(waves(ts, [dep('a', 'b'), dep('b', 'd'), dep('a', 'c'), dep('c', 'e'), dep('e', 'd')])).toEqual({ a: 1, b: 2, c: 2, e: 3, d: 4 });
  });

  it('orders by blocks and feeds_into, never by suggests', () => {
    const ts = ['a', 'b', 'c'].map((id) => task(id));
    expect(waves(ts, [dep('a', 'b', 'feeds_into'), dep('b', 'c', 'suggests')])).toEqual({ a: 1, b: 2, c: 1 });
  });

  it('expands an edge into or out of a composite to its leaf tasks, however deep', () => {
    // p (composite) = { x, q (composite) = { y, z } }; y → z inside; u → p → v
    const ts = [task('p', null, 'composite'), task('x', 'p'), task('q', 'p', 'composite'), task('y', 'q'), task('z', 'q'), task('u'), task('v')];
    const w = waves(ts, [dep('y', 'z'), dep('u', 'p'), dep('p', 'v')]);
    // u: 1; every leaf of p (x, y) after u: 2; z after y: 3; v after all of p's leaves: 4
    expect(w).toEqual({ u: 1, x: 2, y: 2, z: 3, v: 4 });
    expect(w.p).toBeUndefined();
  });

  it('stays linear on a long chain (Kahn, not path enumeration)', () => {
    const n = 50_000;
    const ids = Array.from({ length: n }, (_, i) => `t${i}`);
    const edges = ids.slice(1).map((id, i) => ({ from_task: ids[i], to_task: id }));
    // plus a skip edge from every task to the one 3 ahead: many paths, one longest
    for (let i = 0; i + 3 < n; i++) edges.push({ from_task: ids[i], to_task: ids[i + 3] });
    const levels = dependencyLevels(ids, edges);
    expect(levels.get(ids[n - 1])).toBe(n);
  });
});
