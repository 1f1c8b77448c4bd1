/**
 * Fusions: a loss and the function just before it whose local factors cancel, so ∂ℓ/∂z of the
 * logit z is simpler than the product of the two factors. The matrix view's reverse driver
 * skips the inner node (nn/matrix/fusion.ts; for cross-entropy the whole log-softmax inside its
 * composite), the scalar compiler differentiates through the
 * fused factor (compile/scalar.ts), and a document prints the cancellation (derive/factors.ts).
 *
 *   bce∘sigmoid      ∂ℓ/∂z = (σ − y)/(σ(1 − σ)) · σ(1 − σ) = σ − y
 *                    (PyTorch's numerics: its BCE backward divides by max(σ(1 − σ), 10⁻¹²), so
 *                    where σ(1 − σ) < 10⁻¹² — |z| ≳ 27.6, and σ saturated to exactly 0 or 1 —
 *                    the factor is (σ − y)/10⁻¹² · σ(1 − σ), 0 at saturation, not ±1)
 *   bce_with_logits  ∂ℓ/∂z = σ(z) − y                 (the sigmoid is inside the loss)
 *   ce∘softmax       ∂ℓ/∂z_k = p_k − q_k              (every row of q sums to 1)
 */
import type { Expr } from '../../expr/node.js';
import * as B from '../../expr/build.js';
import type { FusionEntry } from './types.js';

const A = B.apply;
const c = B.constant;

/** The ε of PyTorch's BCE backward: (ŷ − y) / max(ŷ(1 − ŷ), ε). */
export const BCE_EPS = 1e-12;

/**
 * σ − y as PyTorch's BCELoss∘Sigmoid backward computes it: ((σ − y)/max(s, ε))·s with
 * s = σ(1 − σ); equal to σ − y while s ≥ ε, written in PyTorch's order of operations below.
 */
function bceSigmoidGrad(a: Expr, y: Expr, textbook: boolean): Expr {
  const d = A('sub', [a, y]);
  if (textbook) return d;
  const s = B.mul(a, B.sub(c(1), a));
  return B.where(A('ge', [s, c(BCE_EPS)]), d, B.mul(B.div(d, c(BCE_EPS)), s));
}

export const FUSIONS = {
  bce_sigmoid: {
    name: 'bce∘sigmoid',
    loss: 'bce',
    activation: 'sigmoid',
    grad: (a, y, _z, textbook = false) => bceSigmoidGrad(a, y, textbook),
    // one elementwise map printed as (A − Y); its value is PyTorch's at saturation too
    matrix: (inner, y, T) => T.map2(inner, y, bceSigmoidGrad(T.P0, T.P1, false), [T.P0, T.P1], 'bce_sigmoid', '\\left(#1 - #2\\right)'),
    latex: '\\sigma - y',
    rule: { en: 'the binary cross-entropy and the sigmoid cancelling to {f}', ko: '이진 교차 엔트로피와 시그모이드가 약분되어 {f}' },
  },
  bce_logits: {
    name: 'bce_with_logits',
    loss: 'bce_with_logits',
    grad: (_a, y, z) => A('sub', [B.sigmoid(z), y]),
    latex: '\\sigma(z) - y',
    rule: { en: 'the sigmoid inside BCEWithLogits and the cross-entropy cancelling to {f}', ko: 'BCEWithLogits 안의 시그모이드와 교차 엔트로피가 약분되어 {f}' },
  },
  ce_softmax: {
    name: 'ce∘softmax',
    loss: 'cross_entropy',
    // a = p_k (the softmax probability), y = q_k (the smoothed target)
    grad: (p, q) => B.sub(p, q),
    // ∂CE(Z, Q)/∂Z = softmax(Z) − Q for the matrix view's cross-entropy composite
    composite: 'xent',
    matrix: (z, q, T) => T.sub(T.softmax(z), q),
    latex: 'p_k - q_k',
    rule: { en: 'the cross-entropy and the softmax cancelling to {f} (q the target distribution)', ko: '교차 엔트로피와 소프트맥스가 약분되어 {f} (q는 실젯값의 분포)' },
  },
} as const satisfies Record<string, FusionEntry>;

export type FusionName = keyof typeof FUSIONS;

/** The fusion of a loss with the activation before it (undefined for a loss that takes logits). */
export function fusionOf(loss: string, activation: string | undefined): FusionEntry | undefined {
  return Object.values(FUSIONS).find((f: FusionEntry) => f.loss === loss && f.activation !== undefined && f.activation === activation);
}
