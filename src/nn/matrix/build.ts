/**
 * Builders: the only way the matrix view makes tensor nodes. Each checks shapes through the op
 * table (a SymgradError names the op and both shapes) and applies only identities that keep
 * backward graphs small and never change a value: 1 ⊙ A = A, c·(d·A) = (cd)·A, a broadcast
 * constant stays a constant, c𝟏 ⊙ A = c·A, adding a zero adjoint is a no-op. The arithmetic
 * builders (add, sub, mul, div, scale, addBias, map, map2) all make one `ew` node: an engine
 * formula over placeholders with a LaTeX template; sum/rowsum/colsum/rowmax make `reduce` nodes.
 */
import type { Expr } from '../../expr/node.js';
import * as E from '../../expr/build.js';
import { PREC } from '../../expr/ops.js';
import { intern, type Attr, type TNode } from './node.js';
import { TOPS, type TOpName } from './ops.js';
import { coef, coefLatex, coefMul, isOne, isZero, ONE, type Coef } from './coef.js';
import { checkShape, sameShape, shapeText, SCALAR, type Shape } from './shape.js';
import { P0, P1, PK } from './scalar.js';

function make(op: TOpName, args: readonly TNode[], attr: Attr = {}): TNode {
  const spec = TOPS[op];
  if (spec.arity !== undefined && args.length !== spec.arity) throw new Error(`${op} takes ${spec.arity} argument(s), got ${args.length}`);
  return intern(op, args, spec.shape(args.map((a) => a.shape), { attr }), attr);
}

/** The formulas of the operator forms, interned once: a pattern compares them by identity. */
export const FORMULAS = {
  add: E.apply('add', [P0, P1]),
  sub: E.apply('sub', [P0, P1]),
  mul: E.apply('mul', [P0, P1]),
  div: E.apply('div', [P0, P1]),
  scale: E.apply('mul', [PK, P0]),
} as const;

/** What an elementwise node carries besides its arguments. */
export interface EwAttr {
  readonly tag: string;
  /** LaTeX template in #1, #2, …. */
  readonly label: string;
  /** An operator form's binding (omitted: a named function, an atom). */
  readonly prec?: number;
  /** The value bound to PK. */
  readonly coef?: Coef;
}

/**
 * The one elementwise node: `fn` (an engine formula in the placeholders `vars`, bound to `args`
 * in order, and PK, bound to the coefficient) applied entry by entry. Arguments of a
 * dimension 1 repeat along it (NumPy broadcasting).
 */
export function ew(args: readonly TNode[], fn: Expr, vars: readonly Expr[], a: EwAttr): TNode {
  return make('ew', args, { fn, vars, tag: a.tag, label: a.label, ...(a.prec !== undefined ? { prec: a.prec } : {}), ...(a.coef ? { coef: a.coef } : {}) });
}

/** Is `n` c·A (an elementwise node of the scale formula)? */
export const isScale = (n: TNode): boolean => n.op === 'ew' && n.attr.fn === FORMULAS.scale;

const binary = (op: 'add' | 'sub' | 'mul' | 'div', label: string, prec: number) => (a: TNode, b: TNode): TNode =>
  ew([a, b], FORMULAS[op], [P0, P1], { tag: op, label, prec });

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

/** Z + 𝟏bᵀ: the bias row (or one shared scalar) added to every row, an elementwise add with a broadcast bias. */
export function addBias(z: TNode, b: TNode): TNode {
  checkShape(b.shape[0] === 1 && (b.shape[1] === z.shape[1] || b.shape[1] === 1), 'bias', `${shapeText(b.shape)} bias for ${shapeText(z.shape)}`);
  return binary('add', '#1 + #2', PREC.add)(z, b);
}

export function add(a: TNode, b: TNode): TNode {
  checkShape(sameShape(a.shape, b.shape), '+', `${shapeText(a.shape)} and ${shapeText(b.shape)}`);
  if (fillCoef(a) !== undefined && isZero(fillCoef(a)!)) return b;
  if (fillCoef(b) !== undefined && isZero(fillCoef(b)!)) return a;
  return binary('add', '#1 + #2', PREC.add)(a, b);
}

export function sub(a: TNode, b: TNode): TNode {
  checkShape(sameShape(a.shape, b.shape), '−', `${shapeText(a.shape)} and ${shapeText(b.shape)}`);
  if (fillCoef(b) !== undefined && isZero(fillCoef(b)!)) return a;
  return binary('sub', '#1 - #2', PREC.add)(a, b);
}

/** Elementwise (Hadamard) product a ⊙ b. */
export function mul(a: TNode, b: TNode): TNode {
  checkShape(sameShape(a.shape, b.shape), '⊙', `${shapeText(a.shape)} and ${shapeText(b.shape)}`);
  const ca = fillCoef(a);
  const cb = fillCoef(b);
  if (ca !== undefined) return scale(b, ca);
  if (cb !== undefined) return scale(a, cb);
  return binary('mul', '#1 \\odot #2', PREC.mul)(a, b);
}

export function div(a: TNode, b: TNode): TNode {
  checkShape(sameShape(a.shape, b.shape), '/', `${shapeText(a.shape)} and ${shapeText(b.shape)}`);
  return binary('div', '\\frac{#1}{#2}', PREC.atom)(a, b);
}

/** c·a, merging nested scales and folding constants. */
export function scale(a: TNode, c: Coef): TNode {
  if (isOne(c)) return a;
  if (isZero(c)) return fill(c, a.shape);
  if (a.op === 'fill') return fill(coefMul(a.attr.coef ?? ONE, c), a.shape);
  if (isScale(a)) return scale(a.args[0]!, coefMul(a.attr.coef ?? ONE, c));
  const k = coefLatex(c);
  return ew([a], FORMULAS.scale, [P0], { tag: 'scale', label: k === '-1' ? '-#1' : `${k} #1`, prec: PREC.mul, coef: c });
}

/** Elementwise f(a) for a scalar Expr `fn` in the placeholder `v`; `label` is a LaTeX template in #1. */
export function map(a: TNode, fn: Expr, v: Expr, tag: string, label: string): TNode {
  return ew([a], fn, [v], { tag, label });
}

/** Elementwise f(a, b) for `fn` in the placeholders `vars`; `label` is a LaTeX template in #1, #2. */
export function map2(a: TNode, b: TNode, fn: Expr, vars: readonly [Expr, Expr], tag: string, label: string): TNode {
  checkShape(sameShape(a.shape, b.shape), 'elementwise function', `${shapeText(a.shape)} and ${shapeText(b.shape)}`);
  return ew([a, b], fn, vars, { tag, label });
}


export function sum(a: TNode): TNode {
  const c = fillCoef(a);
  if (c !== undefined && isZero(c)) return fill(c);
  if (a.op === 'bcast' && a.args[0]!.shape[0] === 1 && a.args[0]!.shape[1] === 1) {
    // Σ of r·c copies of s = (r·c)·s, with B kept symbolic
    const count = a.shape.reduce<number>((p, d) => p * (d === 'B' ? 1 : d), 1);
    return scale(a.args[0]!, coef(count, 1, a.shape.filter((d) => d === 'B').length));
  }
  return make('reduce', [a], { axis: 'all', reduce: 'sum' });
}

/** A reduction of `a` along `axis`, always a node (the composites' row max and row sum). */
export const reduce = (a: TNode, axis: 'row' | 'col' | 'all', kind: 'sum' | 'max'): TNode => make('reduce', [a], { axis, reduce: kind });

/** A 𝟏: the sum of each row (B × 1). */
export const rowsum = (a: TNode): TNode => (a.shape[1] === 1 ? a : make('reduce', [a], { axis: 'row', reduce: 'sum' }));
/** 𝟏ᵀ A: the sum of each column (1 × n). */
export const colsum = (a: TNode): TNode => (a.shape[0] === 1 ? a : make('reduce', [a], { axis: 'col', reduce: 'sum' }));
/** The maximum of each row (B × 1). */
export const rowmax = (a: TNode): TNode => (a.shape[1] === 1 ? a : make('reduce', [a], { axis: 'row', reduce: 'max' }));

/**
 * ∂max/∂A for a reduction M = max(A) along its axis: 1/k where an entry equals its maximum
 * (k = the number of such entries), 0 elsewhere — torch.amax's split among ties.
 */
export function maxShare(a: TNode, m: TNode): TNode {
  const hit = ew([a, m], E.where(E.apply('eq', [P0, P1]), E.constant(1), E.constant(0)), [P0, P1], { tag: 'argmax', label: '\\left[#1 = #2\\right]' });
  const count = m.attr.axis === 'row' ? rowsum(hit) : m.attr.axis === 'col' ? colsum(hit) : sum(hit);
  return ew([hit, count], FORMULAS.div, [P0, P1], { tag: 'div', label: '\\frac{#1}{#2}', prec: PREC.atom });
}

/** Repeat a 1×1, r×1 or 1×c value to `shape`; a broadcast constant stays a constant. */
export function bcast(a: TNode, shape: Shape): TNode {
  if (sameShape(a.shape, shape)) return a;
  const ok = (a.shape[0] === 1 || a.shape[0] === shape[0]) && (a.shape[1] === 1 || a.shape[1] === shape[1]);
  checkShape(ok, 'broadcast', `${shapeText(a.shape)} to ${shapeText(shape)}`);
  if (a.op === 'fill') return fill(a.attr.coef ?? ONE, shape);
  if (isScale(a)) return scale(bcast(a.args[0]!, shape), a.attr.coef ?? ONE);
  return intern('bcast', [a], shape, {});
}
