/**
 * The row layers (softmax, softmin, log-softmax over the features of a sample, dim=1) and the cross-entropy built on softmax:
 * the row functions of the catalog, written once as engine formulas for the scalar view, the
 * documents and the scalar compiler. The matrix view writes them as composites of structural
 * tensor ops (nn/matrix/composites.ts) and differentiates them with `vjp` below.
 *
 * Softmax and log-softmax subtract the row maximum m before exponentiating, as PyTorch does, so
 * large logits do not overflow: softmax(z)_c = e^{z_c − m} / Σ_j e^{z_j − m}. The shift cancels
 * exactly in the maths (∂/∂m = 0), so it changes no derivative; `textbook: true` drops it for
 * display (e^{z_c} / Σ_j e^{z_j}), with equal values wherever nothing overflows.
 */
import type { Expr } from '../../expr/node.js';
import * as B from '../../expr/build.js';
import type { TNode } from '../matrix/node.js';
import type { Sentence, TensorBuilders } from './types.js';

const c = B.constant;

export interface FormOptions {
  /** Drop PyTorch's numerical guards (softmax shift, BCE log clamp) for readable formulas. */
  readonly textbook?: boolean;
}

/**
 * A row layer: a function of all the features of a sample (dim=1), not elementwise. `forms` is
 * its engine formula per sample (scalar view, documents); `matrix` its tensor form, a composite
 * of the matrix view; `vjp`, where the layer is a composite of its own, the adjoint of its
 * input Z given the adjoint G of its output A — the shortcut the reverse driver takes through the
 * composite (nn/matrix/fusion.ts).
 */
export interface RowLayerEntry {
  readonly torch: string;
  readonly module: string;
  readonly forms: (zs: readonly Expr[], opts?: FormOptions) => Expr[];
  readonly matrix: (z: TNode, T: TensorBuilders) => TNode;
  readonly vjp?: (a: TNode, g: TNode, z: TNode, T: TensorBuilders) => TNode;
  /** ∂out_j/∂z_k as a document names it. */
  readonly derivative: string;
  readonly rule: Sentence;
}

/**
 * The row layers, PyTorch's nn.Softmax(dim=1), nn.Softmin(dim=1) = softmax(−z) and
 * nn.LogSoftmax(dim=1) = z − m − log Σ e^{z − m}, stable in every view (finite wherever
 * PyTorch's value is, at any logit gap).
 */
export const ROW_LAYERS = {
  softmax: {
    torch: 'Softmax',
    module: 'nn.Softmax(dim=1)',
    forms: (zs, opts) => softmax(zs, opts),
    matrix: (z, T) => T.softmax(z),
    // dZ = A ⊙ (G − (G ⊙ A)𝟏𝟏ᵀ)
    vjp: (a, g, _z, T) => T.mul(a, T.sub(g, T.bcast(T.rowsum(T.mul(g, a)), g.shape))),
    derivative: '\\frac{\\partial p_j}{\\partial z_k} = p_j \\left(\\left[j = k\\right] - p_k\\right)',
    rule: { en: 'the softmax derivative {f}', ko: '소프트맥스의 미분 {f}' },
  },
  softmin: {
    torch: 'Softmin',
    module: 'nn.Softmin(dim=1)',
    forms: (zs, opts) => softmax(zs.map((z) => B.neg(z)), opts),
    matrix: (z, T) => T.softmax(T.scale(z, T.coef(-1))),
    derivative: '\\frac{\\partial a_j}{\\partial z_k} = -a_j \\left(\\left[j = k\\right] - a_k\\right)',
    rule: { en: 'the softmin derivative {f} (softmin(z) = softmax(−z))', ko: '소프트민의 미분 {f} (softmin(z) = softmax(−z))' },
  },
  log_softmax: {
    torch: 'LogSoftmax',
    module: 'nn.LogSoftmax(dim=1)',
    forms: (zs, opts) => logSoftmax(zs, opts),
    matrix: (z, T) => T.logSoftmax(z),
    // dZ = G − softmax(Z) ⊙ (G𝟏)𝟏ᵀ
    vjp: (_a, g, z, T) => T.sub(g, T.mul(T.softmax(z), T.bcast(T.rowsum(g), g.shape))),
    derivative: '\\frac{\\partial a_j}{\\partial z_k} = \\left[j = k\\right] - \\operatorname{softmax}(z)_k',
    rule: { en: 'the log-softmax derivative {f}', ko: '로그 소프트맥스의 미분 {f}' },
  },
} as const satisfies Record<string, RowLayerEntry>;

export type RowLayerName = keyof typeof ROW_LAYERS;
export const ROW_LAYER_NAMES = Object.keys(ROW_LAYERS) as RowLayerName[];
export const isRowLayer = (t: string): t is RowLayerName => Object.hasOwn(ROW_LAYERS, t);
/** A layer spec that is a row layer (narrows the spec, not only its type). */
export const isRowSpec = <L extends { readonly type: string }>(l: L): l is Extract<L, { readonly type: RowLayerName }> => isRowLayer(l.type);

/** The softmax layer as documents and builders name it. */
export const SOFTMAX = ROW_LAYERS.softmax;

/** max(z_1, max(z_2, …)), the shift of a stable softmax. */
export function rowMax(zs: readonly Expr[]): Expr {
  return zs.slice(1).reduce((m, z) => B.max(m, z), zs[0]!);
}

/** softmax over one sample's features: e^{z_c − m} / Σ_j e^{z_j − m}. */
export function softmax(zs: readonly Expr[], opts: FormOptions = {}): Expr[] {
  const m = opts.textbook ? c(0) : rowMax(zs);
  const e = zs.map((z) => B.exp(B.sub(z, m)));
  const total = B.sum(e);
  return e.map((x) => B.div(x, total));
}

/** log_softmax(z)_c = z_c − m − log Σ_j e^{z_j − m}. */
export function logSoftmax(zs: readonly Expr[], opts: FormOptions = {}): Expr[] {
  if (opts.textbook) {
    const lse = B.log(B.sum(zs.map((z) => B.exp(z))));
    return zs.map((z) => B.sub(z, lse));
  }
  const m = rowMax(zs);
  const lse = B.log(B.sum(zs.map((z) => B.exp(B.sub(z, m)))));
  return zs.map((z) => B.sub(B.sub(z, m), lse));
}

/** q_c = (1 − ε)[c = k] + ε/C: PyTorch's label-smoothed target for class c when the class is k. */
export function smoothedTarget(cls: number, k: number, eps: number, C: number): number {
  return (cls === k ? 1 - eps : 0) + eps / C;
}

/** −Σ_c w_c q_c log_softmax(z)_c for one sample with class index k (w the class weight, or none). */
export function crossEntropySample(logits: readonly Expr[], k: number, labelSmoothing: number, opts: FormOptions = {}, w?: readonly number[]): Expr {
  const lsm = logSoftmax(logits, opts);
  if (w) return B.neg(B.sum(lsm.map((l, j) => B.mul(c(w[j]! * smoothedTarget(j, k, labelSmoothing, logits.length)), l))));
  if (labelSmoothing === 0) return B.neg(lsm[k]!);
  // PyTorch computes (1 − ε)·nll + ε·(−Σ_c lsm_c / C), the same sum.
  return B.neg(B.sum(lsm.map((l, j) => B.mul(c(smoothedTarget(j, k, labelSmoothing, logits.length)), l))));
}

/** nn.NLLLoss for one sample with class index k: −w_k x_k (x log-probabilities, w_k = 1 without a weight). */
export const nllSample = (x: readonly Expr[], k: number, w?: readonly number[]): Expr => (w ? B.neg(B.mul(c(w[k]!), x[k]!)) : B.neg(x[k]!));

/** nn.NLLLoss with the class y a symbol read at run time: −Σ_c where(y = c, w_c, 0)·x_c. */
export function nllTerms(x: readonly Expr[], y: Expr, w?: readonly number[]): Expr {
  return B.neg(B.sum(x.map((xc, k) => B.mul(B.where(B.apply('eq', [y, c(k)]), c(w?.[k] ?? 1), c(0)), xc))));
}

/**
 * nn.MultiMarginLoss for one sample with class k: Σ_{c≠k} w_k·h(margin − x_k + x_c) / C with
 * h(u) = u^p where u > 0, else 0 (a selection: no gradient at u = 0, as PyTorch's kernel).
 */
export function multiMarginSample(x: readonly Expr[], k: number, p: number, margin: number, w?: readonly number[]): Expr {
  const C = x.length;
  const terms = x.flatMap((xc, j) => {
    if (j === k) return [];
    const u = B.add(B.sub(c(margin), x[k]!), xc);
    return [B.where(B.gt(u, c(0)), p === 2 ? B.pow(u, c(2)) : u, c(0))];
  });
  const s = B.div(B.sum(terms), c(C));
  return w ? B.mul(c(w[k]!), s) : s;
}

/** nn.MultiMarginLoss with the class y a run-time symbol: Σ_k where(y = k, ℓ(k), 0). */
export function multiMarginTerms(x: readonly Expr[], y: Expr, p: number, margin: number, w?: readonly number[]): Expr {
  return B.sum(x.map((_, k) => B.where(B.apply('eq', [y, c(k)]), multiMarginSample(x, k, p, margin, w), c(0))));
}

/** The weight w_y of the class y (a constant or a run-time symbol): the denominator of a weighted mean. */
export function classWeight(w: readonly number[], y: Expr): Expr {
  return y.op === 'const' ? c(w[y.value]!) : B.sum(w.map((wc, k) => B.where(B.apply('eq', [y, c(k)]), c(wc), c(0))));
}

/**
 * Cross-entropy with the class y a symbol read at run time: q_c = (1 − ε)[y = c] + ε/C as
 * where(y = c, …) and ℓ = −Σ_c q_c log_softmax(z)_c; `lsm` and `q` are returned for fused factors.
 */
export function crossEntropyTerms(logits: readonly Expr[], y: Expr, eps: number, opts: FormOptions = {}, w?: readonly number[]): { lsm: Expr[]; q: Expr[]; loss: Expr } {
  const C = logits.length;
  const lsm = logSoftmax(logits, opts);
  // with a class weight, q_c is w_c times the smoothed target (rows then sum to Σ_c w_c q_c, not 1)
  const q = logits.map((_, k) => B.where(B.apply('eq', [y, c(k)]), c((w?.[k] ?? 1) * (1 - eps + eps / C)), c((w?.[k] ?? 1) * eps / C)));
  return { lsm, q, loss: B.neg(B.sum(lsm.map((l, k) => B.mul(q[k]!, l)))) };
}

/**
 * Cross-entropy with a row of class probabilities q (PyTorch's target of the input's shape):
 * q̃_c = w_c((1 − ε) q_c + ε/C) (w the class weight, 1 without one) and ℓ = −Σ_c q̃_c log_softmax(z)_c;
 * `lsm` and `q` (q̃) for fused factors.
 */
export function softCrossEntropyTerms(logits: readonly Expr[], q: readonly Expr[], eps: number, opts: FormOptions = {}, w?: readonly number[]): { lsm: Expr[]; q: Expr[]; loss: Expr } {
  const C = logits.length;
  const lsm = logSoftmax(logits, opts);
  const smoothed = q.map((qc) => (eps === 0 ? qc : B.add(B.mul(c(1 - eps), qc), c(eps / C))));
  const qs = w ? smoothed.map((qc, k) => B.mul(c(w[k]!), qc)) : smoothed;
  return { lsm, q: qs, loss: B.neg(B.sum(lsm.map((l, k) => B.mul(qs[k]!, l)))) };
}
