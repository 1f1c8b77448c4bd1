/**
 * The expression IR: immutable, interned nodes forming a DAG.
 *
 * A node is a constant, a symbol, or an application of a primitive op (see ops.ts) to
 * argument nodes. Every node is created through `intern` (the shared interner, intern.ts), so
 * two structurally equal expressions are the same object: equality is `===`, common
 * subexpressions are shared for free, and per-node facts can be cached in WeakMaps keyed by node.
 */
import type { OpName } from './ops.js';
import { cachedFold, topoSort } from './graph.js';
import { makeInterner } from './intern.js';

export type Kind = 'const' | 'sym' | OpName;

export interface Expr {
  /** Creation order; unique per node, stable within a process. Args always have smaller ids. */
  readonly id: number;
  readonly op: Kind;
  readonly args: readonly Expr[];
  /** The number, for `const`. */
  readonly value: number;
  /** The name, for `sym` (LaTeX-flavoured: `W_1`, `z_{12}`, `\sigma_3`, `\hat{y}`). */
  readonly name: string;
}

const internExpr = makeInterner<Expr>();

function keyOf(op: Kind, args: readonly Expr[], value: number, name: string): string {
  if (op === 'const') return Object.is(value, -0) ? 'c:-0' : `c:${value}`;
  if (op === 'sym') return `s:${name}`;
  return `${op}(${args.map((a) => a.id).join(',')})`;
}

function intern(op: Kind, args: readonly Expr[], value: number, name: string): Expr {
  return internExpr(keyOf(op, args, value, name), (id) => ({ id, op, args: Object.freeze([...args]), value, name }));
}

/** A numeric constant. The value is kept exactly as given (0.4352 stays 0.4352). */
export function constant(value: number): Expr {
  return intern('const', [], value === 0 ? 0 : value, '');
}

/** A symbol, e.g. `symbol('W_1')`, `symbol('\\hat{y}')`. */
export function symbol(name: string): Expr {
  if (name.length === 0) throw new Error('symbol name must not be empty');
  return intern('sym', [], NaN, name);
}

/** The raw application of an op, with no simplification at all (builders live in build.ts). */
export function apply(op: OpName, args: readonly Expr[]): Expr {
  return intern(op, args, NaN, '');
}

/** All nodes reachable from the roots, children before parents (a topological order). */
export function topoOrder(roots: readonly Expr[]): Expr[] {
  return topoSort(roots);
}

/** Number of distinct nodes in the DAG below the roots. */
export function dagSize(...roots: Expr[]): number {
  return topoOrder(roots).length;
}

const treeSizes = new WeakMap<Expr, number>();
/** size(n) = 1 + Σ size(argᵢ). */
const addSizes = (n: Expr, size: (a: Expr) => number): number => n.args.reduce((s, a) => s + size(a), 1);
/** Size of the expression written out as a tree (what a reader sees when it is printed), cached. */
export function treeSize(e: Expr): number {
  return cachedFold(treeSizes, e, addSizes);
}

/** The symbols an expression depends on, in first-seen order. */
export function freeSymbols(e: Expr): Expr[] {
  return topoOrder([e]).filter((n) => n.op === 'sym');
}

/** Replace nodes (symbols or any subexpression) by others, rebuilding with `rebuild`. */
export function substitute(
  e: Expr,
  map: ReadonlyMap<Expr, Expr>,
  rebuild: (op: OpName, args: Expr[]) => Expr = apply,
): Expr {
  const memo = new Map<Expr, Expr>();
  for (const n of topoOrder([e])) {
    const direct = map.get(n);
    if (direct !== undefined) {
      memo.set(n, direct);
    } else if (n.op === 'const' || n.op === 'sym') {
      memo.set(n, n);
    } else {
      const args = n.args.map((a) => memo.get(a)!);
      const same = args.every((a, i) => a === n.args[i]);
      memo.set(n, same ? n : rebuild(n.op, args));
    }
  }
  return memo.get(e)!;
}
