/**
 * The table of tensor ops. Each op is declared once, here, with every fact the matrix view
 * needs: its shape rule (checked when a node is built), float64 evaluation over row-major
 * Float64Arrays, its local vector-Jacobian product (the adjoint it sends to each argument,
 * given the adjoint G of its result), and its LaTeX form. The chain rule itself — visiting
 * nodes from the loss down and summing contributions — lives only in reverse.ts.
 *
 * The table is typed `{ [K in TOpName]: TOpSpec }`, so a new op without every rule fails tsc.
 */
import type { TNode } from './node.js';
import { PREC } from '../../expr/ops.js';
import { coefLatex, coefNeg, coefValue, ONE } from './coef.js';
import { checkShape, isScalarShape, sameShape, shapeText, SCALAR, type Shape } from './shape.js';
import { compileScalar } from './scalar.js';
import type * as Build from './build.js';
import { mat, matmulEval, softmaxRow, xentRows, type Mat } from './kernels.js';

export type { Mat };
export { softmaxRow };

export const TOP_NAMES = [
  'input', 'param', 'fill',
  'matmul', 'add_bias', 'add', 'sub', 'mul', 'div', 'scale',
  'map', 'map2', 'softmax', 'xent', 'onehot',
  'sum', 'rowsum', 'colsum', 'bcast',
] as const;
export type TOpName = (typeof TOP_NAMES)[number];

/** The tensor builders (build.ts) and the local factor of an elementwise map (local.ts). */
export type TensorKit = typeof Build & { readonly mapLocal: (n: TNode, i: number) => TNode };

export interface TOpSpec {
  /** Number of tensor arguments. */
  readonly arity: number;
  /** Result shape from the argument shapes; throws SymgradError on a mismatch. */
  readonly shape: (args: readonly Shape[], node: Pick<TNode, 'attr'>) => Shape;
  /** float64 evaluation; leaves (input, param) are bound by the interpreter instead. */
  readonly eval: (args: readonly Mat[], node: TNode, batch: number) => Mat;
  /**
   * The adjoint sent to args[i] given the result's adjoint g, and the local factor used. The
   * builders come in `T` (from reverse.ts), so the table and its builders import no cycle.
   */
  readonly vjp: (node: TNode, i: number, g: TNode, T: TensorKit) => { grad: TNode; local?: TNode };
  readonly prec: number;
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
const same = (op: string) => (s: readonly Shape[]): Shape => {
  checkShape(sameShape(s[0]!, s[1]!), op, `${shapeText(s[0]!)} and ${shapeText(s[1]!)}`);
  return s[0]!;
};
function zip(a: Mat, b: Mat, f: (x: number, y: number) => number): Mat {
  const out = mat(a.rows, a.cols);
  for (let k = 0; k < out.data.length; k++) out.data[k] = f(a.data[k]!, b.data[k]!);
  return out;
}
const binary = (op: string, tex: string, prec: number, f: (x: number, y: number) => number) => ({
  arity: 2, prec, shape: same(op),
  eval: (a: readonly Mat[]) => zip(a[0]!, a[1]!, f),
  argPrec: (_: TNode, i: number) => (i === 0 ? prec : prec + 1),
  latex: (a: readonly string[]) => `${a[0]} ${tex} ${a[1]}`,
});
/** `W^{(1)}` → `W^{(1)\top}`, `X` → `X^\top`, anything else bracketed. */
export function transposeLatex(s: string): string {
  const sup = /^(.*)\^\{([^{}]*)\}$/.exec(s);
  if (sup) return `${sup[1]}^{${sup[2]}\\top}`;
  if (/^(\\[a-zA-Z]+|[A-Za-z])(_\{[^{}]*\}|_[A-Za-z0-9])?$/.test(s)) return `${s}^\\top`;
  if (/^\\left\(.*\\right\)$/.test(s)) return `${s}^\\top`;
  return `\\left(${s}\\right)^\\top`;
}

/** Fill a `#1`, `#2` template with the printed arguments. */
const template = (t: string, a: readonly string[]): string => t.replace(/#([12])/g, (_, k: string) => a[Number(k) - 1]!);

export const TOPS: { readonly [K in TOpName]: TOpSpec } = {
  input: {
    arity: 0, prec: PREC.atom, shape: () => SCALAR, eval: leafEval, vjp: noGrad('an input'),
    argPrec: () => 0, latex: (_, n) => n.attr.tex ?? n.attr.name ?? '?',
  },
  param: {
    arity: 0, prec: PREC.atom, shape: () => SCALAR, eval: leafEval, vjp: noGrad('a leaf'),
    argPrec: () => 0, latex: (_, n) => n.attr.tex ?? n.attr.name ?? '?',
  },
  fill: {
    // every entry equal to the coefficient
    arity: 0, prec: PREC.atom, shape: () => SCALAR,
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
    arity: 2, prec: PREC.mul,
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
      return i === 0 && n.args[0]!.op !== 'mul' ? PREC.mul : PREC.mul + 1;
    },
    latex: (a, n) => `${n.attr.transA ? transposeLatex(a[0]!) : a[0]} ${n.attr.transB ? transposeLatex(a[1]!) : a[1]}`,
  },
  add_bias: {
    // Z + 1bᵀ: the bias row (or one shared scalar) added to every row
    arity: 2, prec: PREC.add,
    shape: ([z, b]) => {
      checkShape(b![0] === 1 && (b![1] === z![1] || b![1] === 1), 'bias', `${shapeText(b!)} bias for ${shapeText(z!)}`);
      return z!;
    },
    eval: ([z, b]) => {
      const out = mat(z!.rows, z!.cols);
      const shared = b!.cols === 1;
      for (let r = 0; r < z!.rows; r++) {
        for (let c = 0; c < z!.cols; c++) out.data[r * z!.cols + c] = z!.data[r * z!.cols + c]! + b!.data[shared ? 0 : c]!;
      }
      return out;
    },
    // ∂L/∂b = 1ᵀG (column sums); a shared bias gets the sum of all of them
    vjp: (n, i, g, T) => {
      if (i === 0) return { grad: g };
      const shared = n.args[1]!.shape[1] === 1 && n.shape[1] !== 1;
      return { grad: shared ? T.sum(g) : T.colsum(g) };
    },
    argPrec: () => PREC.add, latex: (a) => `${a[0]} + ${a[1]}`,
  },
  add: { ...binary('+', '+', PREC.add, (x, y) => x + y), vjp: (_, __, g) => ({ grad: g }) },
  sub: {
    ...binary('−', '-', PREC.add, (x, y) => x - y),
    // d(a − b) = da − db
    vjp: (_, i, g, T) => ({ grad: i === 0 ? g : T.scale(g, coefNeg(ONE)) }),
  },
  mul: {
    ...binary('⊙', '\\odot', PREC.mul, (x, y) => x * y),
    // d(a ⊙ b) = b ⊙ da + a ⊙ db
    vjp: (n, i, g, T) => ({ grad: T.mul(g, n.args[1 - i]!), local: n.args[1 - i]! }),
  },
  div: {
    arity: 2, prec: PREC.atom, shape: same('/'),
    eval: ([a, b]) => zip(a!, b!, (x, y) => x / y),
    // d(a/b) = da/b − (a/b²) db
    vjp: (n, i, g, T) => {
      const [a, b] = n.args as [TNode, TNode];
      return i === 0 ? { grad: T.div(g, b) } : { grad: T.scale(T.div(T.mul(g, a), T.mul(b, b)), coefNeg(ONE)) };
    },
    argPrec: () => 0, latex: (a) => `\\frac{${a[0]}}{${a[1]}}`,
  },
  scale: {
    arity: 1, prec: PREC.mul, shape: ([a]) => a!,
    eval: ([a], n, batch) => {
      const k = coefValue(n.attr.coef ?? ONE, batch);
      return mat(a!.rows, a!.cols, a!.data.map((v) => v * k));
    },
    // d(c·a) = c·da
    vjp: (n, _, g, T) => ({ grad: T.scale(g, n.attr.coef ?? ONE) }),
    argPrec: () => PREC.mul + 1,
    latex: (a, n) => {
      const c = coefLatex(n.attr.coef ?? ONE);
      return c === '-1' ? `-${a[0]}` : `${c} ${a[0]}`;
    },
  },
  map: {
    arity: 1, prec: PREC.atom, shape: ([a]) => a!,
    eval: ([a], n) => {
      const f = compileScalar(n.attr.fn!, n.attr.vars!);
      return mat(a!.rows, a!.cols, a!.data.map((v) => f(v, NaN)));
    },
    // d f(a) = f′(a) ⊙ da, elementwise
    vjp: (n, i, g, T) => {
      const local = T.mapLocal(n, i);
      return { grad: T.mul(g, local), local };
    },
    argPrec: () => 0, latex: (a, n) => template(n.attr.label ?? 'f\\left(#1\\right)', a),
  },
  map2: {
    arity: 2, prec: PREC.atom, shape: same('elementwise function'),
    eval: ([a, b], n) => zip(a!, b!, compileScalar(n.attr.fn!, n.attr.vars!)),
    // d f(a, b) = ∂₁f ⊙ da + ∂₂f ⊙ db, elementwise
    vjp: (n, i, g, T) => {
      const local = T.mapLocal(n, i);
      return { grad: T.mul(g, local), local };
    },
    argPrec: () => 0, latex: (a, n) => template(n.attr.label ?? 'f\\left(#1, #2\\right)', a),
  },
  softmax: {
    arity: 1, prec: PREC.atom, shape: ([a]) => a!,
    eval: ([a]) => {
      const out = mat(a!.rows, a!.cols);
      for (let r = 0; r < a!.rows; r++) softmaxRow(a!.data, out.data, r * a!.cols, a!.cols);
      return out;
    },
    // dA = A ⊙ (G − (G ⊙ A)1 1ᵀ) for A = softmax(Z) by rows
    vjp: (n, _, g, T) => ({ grad: T.mul(n, T.sub(g, T.bcast(T.rowsum(T.mul(g, n)), g.shape))) }),
    argPrec: () => 0, latex: (a) => `\\operatorname{softmax}\\left(${a[0]}\\right)`,
  },
  xent: {
    // ℓᵢ = −Σ_c Q_ic log softmax(Z)_ic, one value per row (B × 1)
    arity: 2, prec: PREC.atom,
    shape: ([z, q]) => {
      checkShape(sameShape(z!, q!), 'cross entropy', `logits ${shapeText(z!)}, targets ${shapeText(q!)}`);
      return [z![0], 1];
    },
    eval: ([z, q]) => xentRows(z!, q!),
    // ∂ℓ/∂Z = softmax(Z) − Q, since every row of Q sums to 1
    vjp: (n, i, g, T) => {
      if (i !== 0) throw new Error('matrix view: cross-entropy targets have no gradient');
      const local = T.sub(T.softmax(n.args[0]!), n.args[1]!);
      return { grad: T.mul(T.bcast(g, local.shape), local), local };
    },
    argPrec: () => 0, latex: (a) => `\\operatorname{CE}\\left(${a[0]}, ${a[1]}\\right)`,
  },
  onehot: {
    // Q = (1 − ε) onehot(y) + ε/C: PyTorch's label-smoothed target distribution
    arity: 1, prec: PREC.atom,
    shape: ([y], n) => {
      checkShape(y![1] === 1, 'class targets', `expected one class index per row, got ${shapeText(y!)}`);
      return [y![0], n.attr.classes ?? 1];
    },
    eval: ([y], n) => {
      const C = n.attr.classes ?? 1;
      const eps = n.attr.smoothing ?? 0;
      const out = mat(y!.rows, C, new Float64Array(y!.rows * C).fill(eps / C));
      for (let r = 0; r < y!.rows; r++) out.data[r * C + y!.data[r]!]! += 1 - eps;
      return out;
    },
    vjp: noGrad('a class target'), argPrec: () => 0,
    latex: (a, n) => {
      const e = n.attr.smoothing ?? 0;
      const oh = `\\operatorname{onehot}\\left(${a[0]}\\right)`;
      return e === 0 ? oh : `\\left(${1 - e} \\, ${oh} + \\frac{${e}}{${n.attr.classes}}\\right)`;
    },
  },
  sum: {
    // printed as a prefix operator that binds like a coefficient: \frac{1}{B} \sum_{i,j} …
    arity: 1, prec: PREC.mul + 1, shape: () => SCALAR,
    eval: ([a]) => mat(1, 1, Float64Array.of(a!.data.reduce((s, v) => s + v, 0))),
    // d Σᵢⱼ aᵢⱼ = Σᵢⱼ daᵢⱼ: the adjoint is copied to every entry
    vjp: (n, _, g, T) => ({ grad: T.bcast(g, n.args[0]!.shape) }),
    argPrec: () => PREC.atom, latex: (a) => `\\sum_{i,j} ${a[0]}`,
  },
  rowsum: {
    arity: 1, prec: PREC.mul, shape: ([a]) => [a![0], 1],
    eval: ([a]) => {
      const out = mat(a!.rows, 1);
      for (let r = 0; r < a!.rows; r++) for (let c = 0; c < a!.cols; c++) out.data[r]! += a!.data[r * a!.cols + c]!;
      return out;
    },
    vjp: (n, _, g, T) => ({ grad: T.bcast(g, n.args[0]!.shape) }),
    argPrec: () => PREC.mul + 1, latex: (a) => `${a[0]} \\mathbf{1}`,
  },
  colsum: {
    arity: 1, prec: PREC.mul, shape: ([a]) => [1, a![1]],
    eval: ([a]) => {
      const out = mat(1, a!.cols);
      for (let r = 0; r < a!.rows; r++) for (let c = 0; c < a!.cols; c++) out.data[c]! += a!.data[r * a!.cols + c]!;
      return out;
    },
    vjp: (n, _, g, T) => ({ grad: T.bcast(g, n.args[0]!.shape) }),
    argPrec: () => PREC.mul + 1, latex: (a) => `\\mathbf{1}^\\top ${a[0]}`,
  },
  bcast: {
    // repeat a 1×1, r×1 or 1×c value to the target shape (stored on the node)
    arity: 1, prec: PREC.mul, shape: () => SCALAR,
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
    argPrec: (n) => (['rowsum', 'colsum', 'matmul'].includes(n.args[0]!.op) ? PREC.mul : PREC.mul + 1),
    latex: (a, n) => {
      const from = n.args[0]!.shape;
      if (isScalarShape(from)) return a[0]!;
      return from[1] === 1 ? `${a[0]} \\mathbf{1}^\\top` : `\\mathbf{1} ${a[0]}`;
    },
  },
};
