/**
 * Reverse-mode symbolic differentiation: the one place where the chain rule lives.
 *
 * Walking the DAG from the output down (parents before children), each node's adjoint
 * ∂f/∂node is multiplied by the op's local factor ∂node/∂argᵢ (from the op table) and added to
 * the argument's adjoint. A selection (where, and so the derivatives of max, min and clamp) stays
 * a selection: the product is taken inside its branches, never as 0·f for a branch not taken. Because nodes are interned and every adjoint is built once per node,
 * the gradient of a depth-n expression has O(n) nodes, never the tree's exponential size.
 * Higher derivatives come from differentiating a derivative again.
 */
import { constant, topoOrder, type Expr } from '../expr/node.js';
import { OPS } from '../expr/ops.js';
import * as B from '../expr/build.js';

/** One use of the chain rule: `parent` depends on `child` through the local factor ∂parent/∂child. */
export interface Edge {
  readonly parent: Expr;
  readonly child: Expr;
  readonly argIndex: number;
  readonly local: Expr;
}

export interface Gradient {
  /** ∂f/∂x for every requested x (0 for one f does not depend on). */
  readonly of: ReadonlyMap<Expr, Expr>;
  /** ∂f/∂n for every node n on a path from f to a requested variable. */
  readonly adjoint: ReadonlyMap<Expr, Expr>;
  /** Every edge the gradient went through, output side first. */
  readonly edges: readonly Edge[];
}

/** The set of nodes below `roots` that depend on any of `vars`. */
export function dependents(roots: readonly Expr[], vars: readonly Expr[]): Set<Expr> {
  const targets = new Set(vars);
  const dep = new Set<Expr>();
  for (const n of topoOrder(roots)) {
    if (targets.has(n) || n.args.some((a) => dep.has(a))) dep.add(n);
  }
  return dep;
}

/** Most branches a selection may be split into before a product stays a plain product. */
const MAX_BRANCHES = 16;

/** Number of leaves of a where-tree (a non-where node is one leaf). */
const branches = (e: Expr): number => (e.op === 'where' ? branches(e.args[1]!) + branches(e.args[2]!) : 1);

/** Whether a where-tree has a branch that is the constant 0 (a branch not taken). */
const hasZeroBranch = (e: Expr): boolean =>
  e.op === 'where' ? hasZeroBranch(e.args[1]!) || hasZeroBranch(e.args[2]!) : e.op === 'const' && e.value === 0;

/**
 * g·f with selections kept as selections: where(c, a, 0)·f = where(c, a·f, 0), so a branch not
 * taken contributes exactly 0 even where f is infinite or NaN there (the derivative of
 * where(x > 0, x, eˣ − 1) at x = 800 is 1, not 0·∞). Only where-trees with a zero branch are
 * split, and only up to MAX_BRANCHES branches; anything else is an ordinary product.
 */
function select(g: Expr, f: Expr): Expr {
  if (branches(f) * branches(g) > MAX_BRANCHES) return B.mul(g, f);
  if (f.op === 'where' && hasZeroBranch(f)) return split(f, (leaf) => select(g, leaf));
  if (g.op === 'where' && hasZeroBranch(g)) return split(g, (leaf) => select(leaf, f));
  return B.mul(g, f);
}

/** The where-tree with `at` applied to each of its leaves. */
const split = (w: Expr, at: (leaf: Expr) => Expr): Expr =>
  w.op === 'where' ? B.where(w.args[0]!, split(w.args[1]!, at), split(w.args[2]!, at)) : at(w);

/** a + b, merging two selections on the same condition: where(c, a, b) + where(c, d, e) = where(c, a + d, b + e). */
function plus(a: Expr, b: Expr): Expr {
  if (a.op === 'where' && b.op === 'where' && a.args[0] === b.args[0]) {
    return B.where(a.args[0]!, plus(a.args[1]!, b.args[1]!), plus(a.args[2]!, b.args[2]!));
  }
  return B.add(a, b);
}

/** ∂f/∂x for each x in `wrt` (symbols, or any subexpression of f), sharing all common work. */
export function gradient(f: Expr, wrt: readonly Expr[]): Gradient {
  const dep = dependents([f], wrt);
  const adjoint = new Map<Expr, Expr>();
  const edges: Edge[] = [];
  if (dep.has(f)) adjoint.set(f, constant(1));
  const order = topoOrder([f]);
  for (let k = order.length - 1; k >= 0; k--) {
    const node = order[k]!;
    const adj = adjoint.get(node);
    if (adj === undefined || node.op === 'const' || node.op === 'sym') continue;
    const spec = OPS[node.op];
    node.args.forEach((arg, i) => {
      if (!dep.has(arg)) return;
      const local = spec.deriv(node.args, i, node);
      edges.push({ parent: node, child: arg, argIndex: i, local });
      const contribution = select(adj, local);
      const prev = adjoint.get(arg);
      adjoint.set(arg, prev === undefined ? contribution : plus(prev, contribution));
    });
  }
  const of = new Map<Expr, Expr>();
  for (const x of wrt) of.set(x, adjoint.get(x) ?? constant(0));
  return { of, adjoint, edges };
}

/** ∂f/∂x. */
export function derivative(f: Expr, x: Expr): Expr {
  return gradient(f, [x]).of.get(x)!;
}

/**
 * ∂ⁿf/∂x₁…∂xₙ, differentiating again for each variable in turn. `between` (for example a
 * simplifier) is applied after each step so that higher derivatives stay readable.
 */
export function nthDerivative(f: Expr, vars: readonly Expr[], between: (e: Expr) => Expr = (e) => e): Expr {
  return vars.reduce((acc, x) => between(derivative(acc, x)), f);
}

/** The Hessian matrix H[i][j] = ∂²f/∂xᵢ∂xⱼ, reusing the gradient for every row. */
export function hessian(f: Expr, vars: readonly Expr[], between: (e: Expr) => Expr = (e) => e): Expr[][] {
  const g = gradient(f, vars);
  return vars.map((xi) => {
    const row = gradient(between(g.of.get(xi)!), vars);
    return vars.map((xj) => between(row.of.get(xj)!));
  });
}
