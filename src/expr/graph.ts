/**
 * Graph walks shared by every DAG in symgrad (scalar expressions, tensor programs): anything
 * whose nodes list their arguments in `args`.
 */

/**
 * All nodes reachable from the roots, children before parents. Iterative, so deep graphs cannot
 * overflow the stack. The walk does not go below a node for which `stop` holds (a printer's
 * named node); `children` may read a node's arguments differently (a compiler that sees a
 * composite as one node over its inputs).
 */
export function topoSort<T extends { readonly args: readonly T[] }>(
  roots: readonly T[],
  stop?: (n: T) => boolean,
  children: (n: T) => readonly T[] = (n) => n.args,
): T[] {
  const seen = new Set<T>();
  const order: T[] = [];
  const stack: Array<[T, number]> = [];
  for (const root of roots) {
    if (seen.has(root)) continue;
    seen.add(root);
    stack.push([root, 0]);
    while (stack.length > 0) {
      const top = stack[stack.length - 1]!;
      const [node, i] = top;
      const args = children(node);
      if (i < args.length && !(i === 0 && stop?.(node))) {
        top[1] = i + 1;
        const child = args[i]!;
        if (!seen.has(child)) {
          seen.add(child);
          stack.push([child, 0]);
        }
      } else {
        stack.pop();
        order.push(node);
      }
    }
  }
  return order;
}

/**
 * A per-node number computed from the children's numbers (tree size, height), cached in `cache`.
 * Only nodes not cached yet are visited, iteratively, so a hit costs O(1) and deep graphs cannot
 * overflow the stack.
 */
export function cachedFold<T extends { readonly args: readonly T[] }>(
  cache: WeakMap<T, number>,
  root: T,
  combine: (node: T, valueOf: (child: T) => number) => number,
): number {
  const hit = cache.get(root);
  if (hit !== undefined) return hit;
  const valueOf = (child: T): number => cache.get(child)!;
  const stack: T[] = [root];
  while (stack.length > 0) {
    const n = stack[stack.length - 1]!;
    if (cache.has(n)) {
      stack.pop();
      continue;
    }
    let ready = true;
    for (const a of n.args) {
      if (!cache.has(a)) {
        ready = false;
        stack.push(a);
      }
    }
    if (ready) {
      cache.set(n, combine(n, valueOf));
      stack.pop();
    }
  }
  return cache.get(root)!;
}
