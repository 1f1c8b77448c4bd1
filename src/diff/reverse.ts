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
import { constant, type Expr } from '../expr/node.js';
import { topoSort } from '../expr/graph.js';
import { OPS, type OpName } from '../expr/ops.js';
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

/** Nodes of any DAG (scalar expressions, tensor programs): their arguments in `args`. */
type Node<N> = { readonly args: readonly N[] };

/** The set of nodes below `roots` that depend on any of `vars`. */
export function dependents<N extends Node<N>>(roots: readonly N[], vars: readonly N[]): Set<N> {
  const targets = new Set(vars);
  const dep = new Set<N>();
  for (const n of topoSort(roots)) {
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

/** How reverse mode reads one kind of node: what differs between the scalar and tensor levels. */
export interface ChainRule<N, E> {
  /** ∂f/∂f: the constant 1 (a 1 × 1 fill for a tensor loss), made when a sweep starts. */
  readonly seed: () => N;
  /** Two contributions to one adjoint, summed. */
  readonly add: (a: N, b: N) => N;
  /**
   * One use of the chain rule through argument `i` of `node`, whose adjoint is `adj`: the node
   * that receives the contribution (the argument, or a node below it when a fusion rule skips
   * one), the contribution, and the edge recorded for the derivation; undefined when nothing
   * flows through argument i (a rule already sent the whole adjoint through another argument).
   */
  readonly step: (node: N, i: number, adj: N, dep: ReadonlySet<N>) => { child: N; contribution: N; edge: E } | undefined;
}

/**
 * The reverse sweep, generic over the node kind: adjoints from the output down (parents before
 * children), each argument's contributions summed. The scalar gradient below and the matrix
 * view's tensor gradient (src/nn/matrix/reverse.ts) both run this loop.
 */
export function reverseSweep<N extends Node<N>, E>(
  f: N,
  wrt: readonly N[],
  rule: ChainRule<N, E>,
): { adjoint: Map<N, N>; edges: E[] } {
  const dep = dependents([f], wrt);
  const adjoint = new Map<N, N>();
  const edges: E[] = [];
  if (dep.has(f)) adjoint.set(f, rule.seed());
  const order = topoSort([f]);
  for (let k = order.length - 1; k >= 0; k--) {
    const node = order[k]!;
    const adj = adjoint.get(node);
    if (adj === undefined) continue;
    node.args.forEach((arg, i) => {
      if (!dep.has(arg)) return;
      const r = rule.step(node, i, adj, dep);
      if (r === undefined) return;
      const { child, contribution, edge } = r;
      edges.push(edge);
      const prev = adjoint.get(child);
      adjoint.set(child, prev === undefined ? contribution : rule.add(prev, contribution));
    });
  }
  return { adjoint, edges };
}

/** The scalar chain rule: the local factor ∂node/∂argᵢ from the op table, times the adjoint. */
const SCALAR_RULE: ChainRule<Expr, Edge> = {
  seed: () => constant(1),
  add: plus,
  step(node, i, adj) {
    const child = node.args[i]!;
    const local = OPS[node.op as OpName].deriv(node.args, i, node, B);
    return { child, contribution: select(adj, local), edge: { parent: node, child, argIndex: i, local } };
  },
};

/** ∂f/∂x for each x in `wrt` (symbols, or any subexpression of f), sharing all common work. */
export function gradient(f: Expr, wrt: readonly Expr[]): Gradient {
  const { adjoint, edges } = reverseSweep(f, wrt, SCALAR_RULE);
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
