/**
 * Hash-consing shared by every IR in symgrad (scalar expressions in node.ts, tensor programs in
 * src/nn/matrix/node.ts): a node is made once per structural key and frozen, so structural
 * equality is `===`, common subexpressions are shared for free, and per-node facts can be cached
 * in WeakMaps. Each IR owns one interner, with its own id counter (ids are creation order within
 * that IR: a node's arguments always have smaller ids).
 */

/** Make-or-find: `make(id)` builds the node the first time `key` is seen. */
export type Interner<N> = (key: string, make: (id: number) => N) => N;

export function makeInterner<N extends object>(): Interner<N> {
  const table = new Map<string, N>();
  let nextId = 0;
  return (key, make) => {
    const hit = table.get(key);
    if (hit) return hit;
    const node = Object.freeze(make(nextId++));
    table.set(key, node);
    return node;
  };
}
