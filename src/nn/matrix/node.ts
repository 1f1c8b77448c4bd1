/**
 * The tensor IR of the matrix view: immutable, interned nodes forming a DAG, like the scalar
 * IR in src/expr/node.ts but one level up — each node is a whole matrix (batch × features,
 * out × in, …). A node is a structural op from the table in ops.ts applied to argument nodes,
 * plus the op's attributes (transpose flags, the scalar formula of an elementwise node, the
 * axis of a reduction, a coefficient).
 * Interning (the shared interner, src/expr/intern.ts) makes structurally equal nodes the same
 * object, so the backward pass shares every common factor (σ′(Z), δ) and node counts measure
 * the real size of a derivation.
 */
import { topoSort } from '../../expr/graph.js';
import { makeInterner } from '../../expr/intern.js';
import type { Expr } from '../../expr/node.js';
import type { TOpName } from './ops.js';
import { coefKey, type Coef } from './coef.js';
import type { Shape } from './shape.js';

/** The label-smoothed one-hot targets of the class indices in the input named `of`. */
export interface Prep {
  readonly of: string;
  readonly classes: number;
  readonly smoothing: number;
}

export interface Attr {
  /** input/param: identifier (`X`, `Y`, `0.weight`). */
  readonly name?: string;
  /** input/param: LaTeX (`X`, `W^{(1)}`). */
  readonly tex?: string;
  /** matmul: use the transpose of the first / second argument. */
  readonly transA?: boolean;
  readonly transB?: boolean;
  /**
   * ew: the scalar formula of one element, in the placeholder symbols `vars` (bound to the args
   * in order) and PK (bound to `coef`).
   */
  readonly fn?: Expr;
  readonly vars?: readonly Expr[];
  /** ew: what the function is (`add`, `sigmoid`, `loss:bce:…`, `sigmoid'0`), matched by fusion rules. */
  readonly tag?: string;
  /** ew: LaTeX template in #1, #2, … (`\sigma\left(#1\right)`, `#1 \odot #2`). */
  readonly label?: string;
  /**
   * ew: how the printed template binds when it is an operator form (`#1 + #2`, `c #1`); absent
   * for a named function f(…), which prints as an atom and whose factor is shown as f′(…).
   */
  readonly prec?: number;
  /** reduce: one value per row (B × 1), per column (1 × n) or of the whole matrix. */
  readonly axis?: 'row' | 'col' | 'all';
  /** reduce: how the values are combined. */
  readonly reduce?: 'sum' | 'max';
  /** ew (bound to PK) and fill: the coefficient. */
  readonly coef?: Coef;
  /** input: a value prepared from class indices (targets.ts), not a differentiable function of them. */
  readonly prep?: Prep;
  /** input: a constant row of numbers (a loss's tensor option: bce's weight, …), bound to them (targets.ts). */
  readonly values?: readonly number[];
}

export interface TNode {
  /** Creation order: args always have smaller ids. */
  readonly id: number;
  readonly op: TOpName;
  readonly args: readonly TNode[];
  readonly shape: Shape;
  readonly attr: Attr;
}

const internTensor = makeInterner<TNode>();

function attrKey(a: Attr): string {
  const parts: string[] = [];
  if (a.name !== undefined) parts.push(`n=${a.name}`);
  if (a.tex !== undefined) parts.push(`t=${a.tex}`);
  if (a.transA) parts.push('tA');
  if (a.transB) parts.push('tB');
  if (a.fn !== undefined) parts.push(`f=${a.fn.id}`);
  if (a.vars !== undefined) parts.push(`v=${a.vars.map((v) => v.id).join(',')}`);
  if (a.tag !== undefined) parts.push(`g=${a.tag}`);
  if (a.label !== undefined) parts.push(`l=${a.label}`);
  if (a.prec !== undefined) parts.push(`p=${a.prec}`);
  if (a.axis !== undefined) parts.push(`x=${a.axis}`);
  if (a.reduce !== undefined) parts.push(`r=${a.reduce}`);
  if (a.coef !== undefined) parts.push(`c=${coefKey(a.coef)}`);
  if (a.prep !== undefined) parts.push(`q=${a.prep.of},${a.prep.classes},${a.prep.smoothing}`);
  if (a.values !== undefined) parts.push(`w=${a.values.join(',')}`);
  return parts.join(';');
}

/** The one way nodes are made (builders in build.ts check shapes first). */
export function intern(op: TOpName, args: readonly TNode[], shape: Shape, attr: Attr = {}): TNode {
  const key = `${op}(${args.map((a) => a.id).join(',')})[${shape[0]},${shape[1]}]{${attrKey(attr)}}`;
  return internTensor(key, (id) => ({
    id,
    op,
    args: Object.freeze([...args]),
    shape: Object.freeze([shape[0], shape[1]]) as Shape,
    attr: Object.freeze({ ...attr }),
  }));
}

/** All nodes below the roots, children before parents. Iterative, so deep nets cannot overflow. */
export function topoOrder(roots: readonly TNode[]): TNode[] {
  return topoSort(roots);
}

/** Number of distinct tensor nodes below the roots. */
export function tensorDagSize(roots: readonly TNode[]): number {
  return topoOrder(roots).length;
}
