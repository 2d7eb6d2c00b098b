// JSON.stringify for values of any depth. V8's JSON.stringify recurses and throws RangeError past
// ~4,500 levels of nesting (measured, Node 20), while JSON.parse and DuckDB read 100,000 levels
// fine: a payload nested that deep must still become one journal line.
//
// node-only: the hook loads it.

/** JSON.stringify(value); past V8's depth limit, the same text built without recursion. */
export function stringifyAnyDepth(value: unknown): string {
  try {
    return JSON.stringify(value);
  } catch (e) {
    if (!(e instanceof RangeError)) throw e;
    return stringifyIteratively(value);
  }
}

type Frame = { node: Record<string, unknown> | unknown[]; keys: string[] | null; i: number; wrote: boolean };

/** Plain JSON data only (what JSON.parse returns, plus undefined fields, which are skipped as JSON.stringify does). */
function stringifyIteratively(root: unknown): string {
  const out: string[] = [];
  const stack: Frame[] = [];
  const open = (v: unknown): void => {
    if (v === null || typeof v !== 'object') {
      out.push(JSON.stringify(v) ?? 'null');
      return;
    }
    const isArray = Array.isArray(v);
    out.push(isArray ? '[' : '{');
    stack.push({ node: v as Frame['node'], keys: isArray ? null : Object.keys(v), i: 0, wrote: false });
  };
  open(root);
  while (stack.length > 0) {
    const f = stack[stack.length - 1];
    if (f.keys === null) {
      const arr = f.node as unknown[];
      if (f.i >= arr.length) {
        out.push(']');
        stack.pop();
        continue;
      }
      if (f.i++ > 0) out.push(',');
      const v = arr[f.i - 1];
      open(v === undefined || typeof v === 'function' ? null : v);
      continue;
    }
    if (f.i >= f.keys.length) {
      out.push('}');
      stack.pop();
      continue;
    }
    const key = f.keys[f.i++];
    const v = (f.node as Record<string, unknown>)[key];
    if (v === undefined || typeof v === 'function') continue;
    if (f.wrote) out.push(',');
    f.wrote = true;
    out.push(JSON.stringify(key), ':');
    open(v);
  }
  return out.join('');
}
