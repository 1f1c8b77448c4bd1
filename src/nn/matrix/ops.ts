/**
 * The table of tensor ops: structural ops only. Each op is declared once, here, with every fact
 * the matrix view needs: its shape rule (checked when a node is built), float64 evaluation over
 * row-major Float64Arrays, its local vector-Jacobian product (the adjoint it sends to each
 * argument, given the adjoint G of its result), and its LaTeX form. Arithmetic is not in this
 * table: +, −, ⊙, /, c·A, a bias, σ(Z) and a loss ℓ(Ŷ, Y) are all one `ew` node carrying an
 * engine formula over placeholders, whose derivative comes from the scalar op table through the
 * core's `derivative` (local.ts). The chain rule itself lives only in src/diff/reverse.ts.
 *
 * The table is typed `{ [K in TOpName]: TOpSpec }`, so a new op without every rule fails tsc.
 */
import type { TNode } from './node.js';
import { PREC } from '../../expr/ops.js';
import { coefLatex, coefValue, ONE, type Coef } from './coef.js';
import { checkShape, isScalarShape, sameShape, shapeText, SCALAR, type Shape } from './shape.js';
import { compileScalar, PK } from './scalar.js';
import type * as Build from './build.js';
import { mat, matmulEval, type Mat } from './kernels.js';

export type { Mat };

export const TOP_NAMES = ['input', 'param', 'fill', 'matmul', 'ew', 'reduce', 'bcast'] as const;
export type TOpName = (typeof TOP_NAMES)[number];

/** ∂n/∂n.args[i] of an elementwise node: a constant coefficient, or a tensor factor. */
export type EwLocal = { readonly coef: Coef } | { readonly node: TNode };

/** The tensor builders (build.ts) and the local factor of an elementwise node (local.ts). */
export type TensorKit = typeof Build & { readonly ewLocal: (n: TNode, i: number) => EwLocal };

export interface TOpSpec {
  /** Number of tensor arguments (absent: any number, for `ew`). */
  readonly arity?: number;
  /** Result shape from the argument shapes; throws SymgradError on a mismatch. */
  readonly shape: (args: readonly Shape[], node: Pick<TNode, 'attr'>) => Shape;
  /** float64 evaluation; leaves (input, param) are bound by the interpreter instead. */
  readonly eval: (args: readonly Mat[], node: TNode, batch: number) => Mat;
  /**
   * The adjoint sent to args[i] given the result's adjoint g, and the local factor used. The
   * builders come in `T` (from reverse.ts), so the table and its builders import no cycle.
   */
  readonly vjp: (node: TNode, i: number, g: TNode, T: TensorKit) => { grad: TNode; local?: TNode };
  /** How tightly the printed node binds (PREC scale). */
  readonly prec: (node: TNode) => number;
  /** The least precedence args[i] may have to be printed without brackets. */
  readonly argPrec: (node: TNode, i: number) => number;
  readonly latex: (a: readonly string[], node: TNode) => string;
}

const leafEval = (_: readonly Mat[], n: TNode): Mat => {
  throw new Error(`matrix view: no value bound for ${n.attr.name ?? n.op}`);
};
const noGrad = (what: string) => (): never => {
  throw new Error(`matrix view: ${what} has no gradient`);
};
const atom = () => PREC.atom;
const dims = (n: TNode, batch: number) => n.shape.map((d) => (d === 'B' ? batch : d)) as [number, number];

/** `W^{(1)}` → `W^{(1)\top}`, `X` → `X^\top`, anything else bracketed. */
export function transposeLatex(s: string): string {
  const sup = /^(.*)\^\{([^{}]*)\}$/.exec(s);
  if (sup) return `${sup[1]}^{${sup[2]}\\top}`;
  if (/^(\\[a-zA-Z]+|[A-Za-z])(_\{[^{}]*\}|_[A-Za-z0-9])?$/.test(s)) return `${s}^\\top`;
  if (/^\\left\(.*\\right\)$/.test(s)) return `${s}^\\top`;
  return `\\left(${s}\\right)^\\top`;
}

/** Fill a `#1`, `#2`, … template with the printed arguments. */
export const template = (t: string, a: readonly string[]): string => t.replace(/#([1-9])/g, (_, k: string) => a[Number(k) - 1]!);

/**
 * The shape of an elementwise result: every argument has it, or repeats along a dimension of
 * size 1 (a 1 × n bias row, a B × 1 column, a 1 × 1 scalar), as NumPy broadcasts.
 */
export function broadcastShape(s: readonly Shape[], what = 'elementwise function'): Shape {
  const dim = (k: 0 | 1) => s.map((x) => x[k]).find((d) => d !== 1) ?? 1;
  const out: Shape = [dim(0), dim(1)];
  const ok = s.every((x) => (x[0] === 1 || x[0] === out[0]) && (x[1] === 1 || x[1] === out[1]));
  checkShape(ok, what, s.map(shapeText).join(' and '));
  return out;
}

/** The sum of `g` over the dimensions along which an argument of shape `to` was repeated. */
function unbroadcast(g: TNode, to: Shape, T: TensorKit): TNode {
  if (sameShape(g.shape, to)) return g;
  if (to[1] === g.shape[1]) return T.colsum(g);
  if (to[0] === g.shape[0]) return T.rowsum(g);
  return T.sum(g);
}

/** How a reduction prints, by kind and axis. */
const REDUCE_FORM = {
  sum: {
    all: { prec: PREC.mul + 1, arg: PREC.atom, tex: '\\sum_{i,j} #1' },
    row: { prec: PREC.mul, arg: PREC.mul + 1, tex: '#1 \\mathbf{1}' },
    col: { prec: PREC.mul, arg: PREC.mul + 1, tex: '\\mathbf{1}^\\top #1' },
  },
  max: {
    all: { prec: PREC.atom, arg: 0, tex: '\\max_{i,j} \\left(#1\\right)' },
    row: { prec: PREC.atom, arg: 0, tex: '\\max_{j} \\left(#1\\right)' },
    col: { prec: PREC.atom, arg: 0, tex: '\\max_{i} \\left(#1\\right)' },
  },
} as const;
const reduceForm = (n: TNode) => REDUCE_FORM[n.attr.reduce ?? 'sum'][n.attr.axis ?? 'all'];

/**
 * A short name of what a node computes, for generated-code comments and bracketing rules: the
 * op, an operator form's tag (add, sub, mul, div, scale), map/map2 for a function, and
 * sum/rowsum/colsum/rowmax/… for a reduction.
 */
export function kindName(n: TNode): string {
  if (n.op === 'ew') {
    if (n.attr.prec !== undefined && n.attr.tag !== undefined) return n.attr.tag;
    return n.args.length === 1 ? 'map' : n.args.length === 2 ? 'map2' : `map${n.args.length}`;
  }
  if (n.op === 'input' && n.attr.prep) return 'onehot';
  if (n.op === 'input' && n.attr.values) return 'row';
  if (n.op === 'reduce') {
    const k = n.attr.reduce ?? 'sum';
    return n.attr.axis === 'all' ? k : `${n.attr.axis}${k}`;
  }
  return n.op;
}

export const TOPS: { readonly [K in TOpName]: TOpSpec } = {
  input: {
    // data, bound by the caller (X, Y, or targets prepared from class indices: targets.ts)
    arity: 0, prec: atom, shape: () => SCALAR, eval: leafEval, vjp: noGrad('an input'),
    argPrec: () => 0, latex: (_, n) => n.attr.tex ?? n.attr.name ?? '?',
  },
  param: {
    arity: 0, prec: atom, shape: () => SCALAR, eval: leafEval, vjp: noGrad('a leaf'),
    argPrec: () => 0, latex: (_, n) => n.attr.tex ?? n.attr.name ?? '?',
  },
  fill: {
    // every entry equal to the coefficient
    arity: 0, prec: atom, shape: () => SCALAR,
    eval: (_, n, batch) => {
      const [r, c] = n.shape.map((d) => (d === 'B' ? batch : d)) as [number, number];
      return mat(r, c, new Float64Array(r * c).fill(coefValue(n.attr.coef ?? ONE, batch)));
    },
    vjp: noGrad('a constant'), argPrec: () => 0,
    latex: (_, n) => {
      const c = coefLatex(n.attr.coef ?? ONE);
      return isScalarShape(n.shape) ? c : `${c === '1' ? '' : c}\\mathbf{1}`;
    },
  },
  matmul: {
    arity: 2, prec: () => PREC.mul,
    shape: ([a, b], n) => {
      const [m, k] = n.attr.transA ? [a![1], a![0]] : [a![0], a![1]];
      const [k2, p] = n.attr.transB ? [b![1], b![0]] : [b![0], b![1]];
      checkShape(k === k2, 'matrix product', `${shapeText(a!)}${n.attr.transA ? 'ᵀ' : ''} · ${shapeText(b!)}${n.attr.transB ? 'ᵀ' : ''}`);
      return [m, p];
    },
    eval: ([a, b], n) => matmulEval(a!, b!, !!n.attr.transA, !!n.attr.transB),
    // C = op(A) op(B):  ∂L/∂op(A) = G op(B)ᵀ,  ∂L/∂op(B) = op(A)ᵀ G
    vjp: (n, i, g, T) => {
      const [a, b] = n.args as [TNode, TNode];
      const { transA: tA = false, transB: tB = false } = n.attr;
      if (i === 0) return { grad: tA ? T.matmul(b, g, tB, true) : T.matmul(g, b, false, !tB), local: b };
      return { grad: tB ? T.matmul(g, a, true, tA) : T.matmul(a, g, !tA, false), local: a };
    },
    // a transposed factor must be an atom; a Hadamard product on the left is bracketed: (A ⊙ B) C
    argPrec: (n, i) => {
      if (i === 0 ? n.attr.transA : n.attr.transB) return PREC.atom;
      return i === 0 && kindName(n.args[0]!) !== 'mul' ? PREC.mul : PREC.mul + 1;
    },
    latex: (a, n) => `${n.attr.transA ? transposeLatex(a[0]!) : a[0]} ${n.attr.transB ? transposeLatex(a[1]!) : a[1]}`,
  },
  ew: {
    // each element of the result is fn of the arguments' elements; a dimension of size 1 repeats
    prec: (n) => n.attr.prec ?? PREC.atom,
    shape: (s) => broadcastShape(s),
    eval: (a, n, batch) => {
      const [r, c] = dims(n, batch);
      const f = compileScalar(n.attr.fn!, [...(n.attr.vars ?? []), PK]);
      const xs = new Float64Array(a.length + 1);
      xs[a.length] = coefValue(n.attr.coef ?? ONE, batch);
      const out = mat(r, c);
      if (a.every((m) => m.data.length === r * c)) {
        for (let k = 0; k < r * c; k++) {
          for (let j = 0; j < a.length; j++) xs[j] = a[j]!.data[k]!;
          out.data[k] = f(xs);
        }
        return out;
      }
      for (let i = 0; i < r; i++) {
        for (let k = 0; k < c; k++) {
          for (let j = 0; j < a.length; j++) {
            const m = a[j]!;
            xs[j] = m.data[(m.rows === 1 ? 0 : i) * m.cols + (m.cols === 1 ? 0 : k)]!;
          }
          out.data[i * c + k] = f(xs);
        }
      }
      return out;
    },
    // d f(a, b, …) = Σᵢ ∂ᵢf ⊙ daᵢ, summed over the copies of a broadcast argument
    vjp: (n, i, g, T) => {
      const d = T.ewLocal(n, i);
      const to = n.args[i]!.shape;
      if ('coef' in d) return { grad: unbroadcast(T.scale(g, d.coef), to, T) };
      return { grad: unbroadcast(T.mul(g, T.bcast(d.node, n.shape)), to, T), local: d.node };
    },
    // an operator form binds as its prec says, operands after the first one tighter; a function is an atom
    argPrec: (n, i) => {
      const p = n.attr.prec;
      if (p === undefined || p === PREC.atom) return 0;
      return i === 0 && n.attr.label?.startsWith('#1') ? p : p + 1;
    },
    latex: (a, n) => template(n.attr.label ?? 'f\\left(#1\\right)', a),
  },
  reduce: {
    arity: 1,
    prec: (n) => reduceForm(n).prec,
    shape: ([a], n) => (n.attr.axis === 'row' ? [a![0], 1] : n.attr.axis === 'col' ? [1, a![1]] : SCALAR),
    eval: ([a], n) => {
      const { axis, reduce } = n.attr;
      const out = mat(axis === 'row' ? a!.rows : 1, axis === 'col' ? a!.cols : 1);
      if (reduce === 'max') out.data.fill(-Infinity);
      for (let r = 0; r < a!.rows; r++) {
        for (let c = 0; c < a!.cols; c++) {
          const o = axis === 'row' ? r : axis === 'col' ? c : 0;
          const v = a!.data[r * a!.cols + c]!;
          out.data[o] = reduce === 'max' ? Math.max(out.data[o]!, v) : out.data[o]! + v;
        }
      }
      return out;
    },
    // a sum copies the adjoint to every entry; a max sends it to the maxima (split evenly among ties, as torch.amax)
    vjp: (n, _, g, T) => {
      const a = n.args[0]!;
      if (n.attr.reduce !== 'max') return { grad: T.bcast(g, a.shape) };
      const local = T.maxShare(a, n);
      return { grad: T.mul(T.bcast(g, a.shape), local), local };
    },
    argPrec: (n) => reduceForm(n).arg,
    latex: (a, n) => template(reduceForm(n).tex, a),
  },
  bcast: {
    // repeat a 1×1, r×1 or 1×c value to the target shape (stored on the node)
    arity: 1, prec: () => PREC.mul, shape: () => SCALAR,
    eval: ([a], n, batch) => {
      const [r, c] = n.shape.map((d) => (d === 'B' ? batch : d)) as [number, number];
      const out = mat(r, c);
      for (let i = 0; i < r; i++) {
        for (let j = 0; j < c; j++) out.data[i * c + j] = a!.data[(a!.rows === 1 ? 0 : i) * a!.cols + (a!.cols === 1 ? 0 : j)]!;
      }
      return out;
    },
    // the adjoint of a copy is the sum over the copies
    vjp: (n, _, g, T) => {
      const from = n.args[0]!.shape;
      if (isScalarShape(from)) return { grad: T.sum(g) };
      return { grad: from[1] === 1 ? T.rowsum(g) : T.colsum(g) };
    },
    // a column repeated is c𝟏ᵀ, a row repeated is 𝟏r, a scalar stays as it is
    argPrec: (n) => (['rowsum', 'colsum', 'matmul'].includes(kindName(n.args[0]!)) ? PREC.mul : PREC.mul + 1),
    latex: (a, n) => {
      const from = n.args[0]!.shape;
      if (isScalarShape(from)) return a[0]!;
      return from[1] === 1 ? `${a[0]} \\mathbf{1}^\\top` : `\\mathbf{1} ${a[0]}`;
    },
  },
};
