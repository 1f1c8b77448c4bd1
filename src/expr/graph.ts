/**
 * Graph walks shared by every DAG in symgrad (scalar expressions, tensor programs): anything
 * whose nodes list their arguments in `args`.
 */

/** All nodes reachable from the roots, children before parents. Iterative, so deep graphs cannot overflow the stack. */
export function topoSort<T extends { readonly args: readonly T[] }>(roots: readonly T[]): T[] {
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
      if (i < node.args.length) {
        top[1] = i + 1;
        const child = node.args[i]!;
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
