/**
 * A deterministic, structural total order on expressions.
 *
 * The simplifier rebuilds sums and products in a canonical order so that the same sum, met in
 * two places, becomes the same interned node (which is what lets (1 − σ)/(1 − σ) cancel). Node
 * ids depend on creation order, so the order here looks only at structure. It is also the
 * reading order: numbers first in a product (`2x`), then symbols, then function calls, then
 * powers, then sums (`x(σ(z) − y)`), and logarithms last (`(1 − y) log(1 − σ(z))`).
 */
import type { Expr, Kind } from '../expr/node.js';
import { OP_NAMES } from '../expr/ops.js';
import { cachedFold } from '../expr/graph.js';

/** Reading rank of a node kind: constants, symbols, calls, powers, products, sums, logarithms. */
function rank(k: Kind): number {
  switch (k) {
    case 'const': return 0;
    case 'sym': return 1;
    case 'pow': return 3;
    case 'mul': case 'div': case 'neg': return 4;
    case 'add': case 'sub': return 5;
    // log is read last, as in y log(p) + (1 − y) log(1 − p)
    case 'log': return 6;
    default: return 2;
  }
}

const opIndex = new Map<Kind, number>(OP_NAMES.map((n, i) => [n, i]));

const heights = new WeakMap<Expr, number>();

/** height(n) = 1 + max height(argᵢ), and 0 for a leaf. */
const maxHeight = (n: Expr, height: (a: Expr) => number): number =>
  n.args.reduce((h, a) => Math.max(h, height(a) + 1), 0);
/** Longest path from the node down to a leaf (a leaf has height 0), cached. */
const height = (e: Expr): number => (e.args.length === 0 ? 0 : cachedFold(heights, e, maxHeight));

/**
 * Negative when `a` is read before `b`: by reading rank, then shorter first, then structurally. Only the first differing argument pair is descended
 * into, identical (interned) subtrees compare in O(1), and so do nodes of different heights.
 */
export function compareExpr(a: Expr, b: Expr): number {
  if (a === b) return 0;
  const r = rank(a.op) - rank(b.op) || height(a) - height(b);
  if (r !== 0) return r;
  if (a.op === 'const' && b.op === 'const') return a.value - b.value || (Object.is(a.value, -0) ? -1 : 1);
  if (a.op === 'sym' && b.op === 'sym') return a.name < b.name ? -1 : a.name > b.name ? 1 : 0;
  if (a.op !== b.op) return opIndex.get(a.op)! - opIndex.get(b.op)!;
  for (let i = 0; i < a.args.length; i++) {
    const c = compareExpr(a.args[i]!, b.args[i]!);
    if (c !== 0) return c;
  }
  return 0;
}
