/**
 * Builders: the only way the matrix view makes tensor nodes. Each checks shapes through the op
 * table (a SymgradError names the op and both shapes) and applies only identities that keep
 * backward graphs small and never change a value: 1 ⊙ A = A, c·(d·A) = (cd)·A, a broadcast
 * constant stays a constant, c𝟏 ⊙ A = c·A, adding a zero adjoint is a no-op.
 */
import type { Expr } from '../../expr/node.js';
import { intern, type Attr, type TNode } from './node.js';
import { TOPS, type TOpName } from './ops.js';
import { coef, coefMul, isOne, isZero, ONE, type Coef } from './coef.js';
import { checkShape, sameShape, shapeText, SCALAR, type Shape } from './shape.js';

function make(op: TOpName, args: readonly TNode[], attr: Attr = {}): TNode {
  const spec = TOPS[op];
  if (args.length !== spec.arity) throw new Error(`${op} takes ${spec.arity} argument(s), got ${args.length}`);
  return intern(op, args, spec.shape(args.map((a) => a.shape), { attr }), attr);
}

const fillCoef = (n: TNode): Coef | undefined => (n.op === 'fill' ? (n.attr.coef ?? ONE) : undefined);

/** A data input such as X (B × in) or Y. */
export function input(name: string, tex: string, shape: Shape): TNode {
  return intern('input', [], shape, { name, tex });
}

/** A parameter such as W^{(1)} (out × in) or b^{(1)} (1 × out, or 1 × 1 when shared). */
export function param(name: string, tex: string, shape: Shape): TNode {
  return intern('param', [], shape, { name, tex });
}

/** A matrix whose every entry is c. */
export function fill(c: Coef, shape: Shape = SCALAR): TNode {
  return intern('fill', [], shape, { coef: c });
}

export function matmul(a: TNode, b: TNode, transA = false, transB = false): TNode {
  const attr: Attr = { ...(transA ? { transA } : {}), ...(transB ? { transB } : {}) };
  if (fillCoef(a) !== undefined && isZero(fillCoef(a)!)) return fill(coef(0), TOPS.matmul.shape([a.shape, b.shape], { attr }));
  return make('matmul', [a, b], attr);
}

export const addBias = (z: TNode, b: TNode): TNode => make('add_bias', [z, b]);

export function add(a: TNode, b: TNode): TNode {
  checkShape(sameShape(a.shape, b.shape), '+', `${shapeText(a.shape)} and ${shapeText(b.shape)}`);
  if (fillCoef(a) !== undefined && isZero(fillCoef(a)!)) return b;
  if (fillCoef(b) !== undefined && isZero(fillCoef(b)!)) return a;
  return make('add', [a, b]);
}

export function sub(a: TNode, b: TNode): TNode {
  checkShape(sameShape(a.shape, b.shape), '−', `${shapeText(a.shape)} and ${shapeText(b.shape)}`);
  if (fillCoef(b) !== undefined && isZero(fillCoef(b)!)) return a;
  return make('sub', [a, b]);
}

/** Elementwise (Hadamard) product a ⊙ b. */
export function mul(a: TNode, b: TNode): TNode {
  checkShape(sameShape(a.shape, b.shape), '⊙', `${shapeText(a.shape)} and ${shapeText(b.shape)}`);
  const ca = fillCoef(a);
  const cb = fillCoef(b);
  if (ca !== undefined) return scale(b, ca);
  if (cb !== undefined) return scale(a, cb);
  return make('mul', [a, b]);
}

export const div = (a: TNode, b: TNode): TNode => make('div', [a, b]);

/** c·a, merging nested scales and folding constants. */
export function scale(a: TNode, c: Coef): TNode {
  if (isOne(c)) return a;
  if (isZero(c)) return fill(c, a.shape);
  if (a.op === 'fill') return fill(coefMul(a.attr.coef ?? ONE, c), a.shape);
  if (a.op === 'scale') return scale(a.args[0]!, coefMul(a.attr.coef ?? ONE, c));
  return make('scale', [a], { coef: c });
}

/** Elementwise f(a) for a scalar Expr `fn` in the placeholder `v`; `label` is a LaTeX template in #1. */
export function map(a: TNode, fn: Expr, v: Expr, tag: string, label: string): TNode {
  return make('map', [a], { fn, vars: [v], tag, label });
}

/** Elementwise f(a, b) for `fn` in the placeholders `vars`; `label` is a LaTeX template in #1, #2. */
export function map2(a: TNode, b: TNode, fn: Expr, vars: readonly [Expr, Expr], tag: string, label: string): TNode {
  return make('map2', [a, b], { fn, vars, tag, label });
}

export const softmax = (z: TNode): TNode => make('softmax', [z]);
export const xent = (z: TNode, q: TNode): TNode => make('xent', [z, q]);
export const onehot = (y: TNode, classes: number, smoothing: number): TNode => make('onehot', [y], { classes, smoothing });

export function sum(a: TNode): TNode {
  const c = fillCoef(a);
  if (c !== undefined && isZero(c)) return fill(c);
  if (a.op === 'bcast' && a.args[0]!.shape[0] === 1 && a.args[0]!.shape[1] === 1) {
    // Σ of r·c copies of s = (r·c)·s, with B kept symbolic
    const count = a.shape.reduce<number>((p, d) => p * (d === 'B' ? 1 : d), 1);
    return scale(a.args[0]!, coef(count, 1, a.shape.filter((d) => d === 'B').length));
  }
  return make('sum', [a]);
}

export const rowsum = (a: TNode): TNode => (a.shape[1] === 1 ? a : make('rowsum', [a]));
export const colsum = (a: TNode): TNode => (a.shape[0] === 1 ? a : make('colsum', [a]));

/** Repeat a 1×1, r×1 or 1×c value to `shape`; a broadcast constant stays a constant. */
export function bcast(a: TNode, shape: Shape): TNode {
  if (sameShape(a.shape, shape)) return a;
  const ok = (a.shape[0] === 1 || a.shape[0] === shape[0]) && (a.shape[1] === 1 || a.shape[1] === shape[1]);
  checkShape(ok, 'broadcast', `${shapeText(a.shape)} to ${shapeText(shape)}`);
  if (a.op === 'fill') return fill(a.attr.coef ?? ONE, shape);
  if (a.op === 'scale') return scale(bcast(a.args[0]!, shape), a.attr.coef ?? ONE);
  return intern('bcast', [a], shape, {});
}
