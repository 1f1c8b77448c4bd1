/**
 * Softmax over the features of a sample (nn.Softmax(dim=1)) and the cross-entropy built on it:
 * the row functions of the catalog, written once as engine formulas for the scalar view, the
 * documents and the scalar compiler. The matrix view has them as its row ops (softmax, xent).
 *
 * Softmax and log-softmax subtract the row maximum m before exponentiating, as PyTorch does, so
 * large logits do not overflow: softmax(z)_c = e^{z_c − m} / Σ_j e^{z_j − m}. The shift cancels
 * exactly in the maths (∂/∂m = 0), so it changes no derivative; `textbook: true` drops it for
 * display (e^{z_c} / Σ_j e^{z_j}), with equal values wherever nothing overflows.
 */
import type { Expr } from '../../expr/node.js';
import * as B from '../../expr/build.js';
import type { Sentence } from './types.js';

const c = B.constant;

export interface FormOptions {
  /** Drop PyTorch's numerical guards (softmax shift, BCE log clamp) for readable formulas. */
  readonly textbook?: boolean;
}

/** The softmax layer as documents and builders name it. */
export const SOFTMAX = {
  torch: 'Softmax',
  module: 'nn.Softmax(dim=1)',
  derivative: '\\frac{\\partial p_j}{\\partial z_k} = p_j \\left(\\left[j = k\\right] - p_k\\right)',
  rule: { en: 'the softmax derivative {f}', ko: '소프트맥스의 미분 {f}' } satisfies Sentence,
} as const;

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

/** −Σ_c q_c log_softmax(z)_c for one sample with class index k. */
export function crossEntropySample(logits: readonly Expr[], k: number, labelSmoothing: number, opts: FormOptions = {}): Expr {
  const lsm = logSoftmax(logits, opts);
  if (labelSmoothing === 0) return B.neg(lsm[k]!);
  // PyTorch computes (1 − ε)·nll + ε·(−Σ_c lsm_c / C), the same sum.
  return B.neg(B.sum(lsm.map((l, j) => B.mul(c(smoothedTarget(j, k, labelSmoothing, logits.length)), l))));
}

/**
 * Cross-entropy with the class y a symbol read at run time: q_c = (1 − ε)[y = c] + ε/C as
 * where(y = c, …) and ℓ = −Σ_c q_c log_softmax(z)_c; `lsm` and `q` are returned for fused factors.
 */
export function crossEntropyTerms(logits: readonly Expr[], y: Expr, eps: number, opts: FormOptions = {}): { lsm: Expr[]; q: Expr[]; loss: Expr } {
  const C = logits.length;
  const lsm = logSoftmax(logits, opts);
  const q = logits.map((_, k) => B.where(B.apply('eq', [y, c(k)]), c(1 - eps + eps / C), c(eps / C)));
  return { lsm, q, loss: B.neg(B.sum(lsm.map((l, k) => B.mul(q[k]!, l)))) };
}
