/**
 * The losses, one entry each (see index.ts for how to add one), with PyTorch's definitions and
 * defaults. An elementwise loss is ℓ(ŷ, y) per output element; `reduction: mean` divides the sum
 * by the number of elements (batch × outputs), `sum` keeps it, as torch.nn does. Cross-entropy
 * (logits and a class index per sample, mean over the batch only) is a row function: its
 * formulas are in softmax.ts, its name and parameter here in CROSS_ENTROPY.
 *
 *   bce             ℓ = −(y·max(log ŷ, −100) + (1 − y)·max(log(1 − ŷ), −100))  (nn.BCELoss clamps log at −100)
 *   bce_with_logits ℓ = max(x, 0) − x·y + log(1 + e^{−|x|})                    (the stable form; x the logit)
 *   mse             ℓ = (ŷ − y)²                                                 (no ½)
 *   l1              ℓ = |ŷ − y|
 *   huber(δ)        ℓ = ½d² if |d| < δ, else δ(|d| − ½δ)                         (d = ŷ − y; δ = 1)
 *   smooth_l1(β)    ℓ = ½d²/β if |d| < β, else |d| − ½β; β = 0 is l1             (β = 1)
 *
 * Known difference from PyTorch: its BCE backward divides by max(ŷ(1 − ŷ), 1e−12); the
 * symbolic derivative of the clamped formula agrees everywhere except when ŷ is within about
 * 1e−44 of 0 or 1, where the formula's derivative is 0 or undefined instead. The matrix view
 * uses PyTorch's factor itself (matrixLocal).
 */
import type { Expr } from '../../expr/node.js';
import * as B from '../../expr/build.js';
import type { LossEntry, ParamDef, TensorBuilders, VectorDef } from './types.js';
import type { TNode } from '../matrix/node.js';
import { MORE_LOSSES } from './losses-more.js';

const A = B.apply;
const c = B.constant;
const half = c(0.5);

const loss = <N extends string, P extends string = never>(e: LossEntry<P, N>): LossEntry<P, N> => e;

/** max(log v, −100), or plain log v for textbook formulas. */
const clampedLog = (v: Expr, textbook: boolean): Expr => (textbook ? B.log(v) : B.max(B.log(v), c(-100)));

const l1 = (yhat: Expr, y: Expr): Expr => B.abs(B.sub(yhat, y));
/** ∂|ŷ − y|/∂Ŷ = sgn(ŷ − y), 0 at 0 as PyTorch. */
const l1Local = (yhat: TNode, y: TNode, T: TensorBuilders): TNode =>
  T.map(T.sub(yhat, y), A('sign', [T.P0]), T.P0, 'sign', '\\operatorname{sgn}\\left(#1\\right)');

/** PyTorch's Huber / smooth-L1 backward: −s for d ≤ −t, s for d ≥ t, s·d/t between. */
function clip(v: Expr, t: number, s: number): Expr {
  return B.where(A('le', [v, c(-t)]), c(-s), B.where(A('ge', [v, c(t)]), c(s), B.div(B.mul(c(s), v), c(t))));
}

export const LOSSES = {
  bce: loss({
    torch: 'BCELoss',
    params: {},
    probabilityTargets: true,
    // nn.BCELoss(weight): ℓ_k·w_k, one weight per output (broadcast over the batch)
    vectors: { weight: { per: 'output' } },
    weighted: (l, _o, _y, v) => (v['weight'] ? B.mul(v['weight'], l) : l),
    // −(y log ŷ + (1 − y) log(1 − ŷ))
    f: (yhat, y, _p, tb) => B.neg(B.add(B.mul(y, clampedLog(yhat, tb)), B.mul(B.sub(c(1), y), clampedLog(B.sub(c(1), yhat), tb)))),
    latex: () => '\\operatorname{BCE}\\left(#1, #2\\right)',
    // (ŷ − y) / max(ŷ(1 − ŷ), 10⁻¹²), as PyTorch's backward
    matrixLocal: (yhat, y, _p, T) => T.map2(yhat, y, B.div(B.sub(T.P0, T.P1), B.max(B.mul(T.P0, B.sub(c(1), T.P0)), c(1e-12))), [T.P0, T.P1], "bce'",
      '\\frac{#1 - #2}{#1 \\odot \\left(1 - #1\\right)}'),
    // ∂/∂ŷ −(y log ŷ + (1 − y) log(1 − ŷ)) = (ŷ − y) / (ŷ(1 − ŷ))
    docLocal: (o, y) => A('div', [A('sub', [o, y]), A('mul', [o, A('sub', [c(1), o])])]),
    testPoints: [[0.3, 0], [0.8, 1], [0.5, 0.25]],
  }),
  bce_with_logits: loss({
    torch: 'BCEWithLogitsLoss',
    params: {},
    // nn.BCEWithLogitsLoss(pos_weight): −[p y log σ(x) + (1 − y) log(1 − σ(x))] = ℓ + (p − 1)·y·softplus(−x)
    vectors: { pos_weight: { per: 'output' } },
    weighted: (l, x, y, v) => (v['pos_weight'] ? B.add(l, B.mul(B.mul(B.sub(v['pos_weight'], c(1)), y), B.softplus(B.neg(x)))) : l),
    f: (x, y, _p, tb) => tb
      ? B.neg(B.add(B.mul(y, B.log(B.sigmoid(x))), B.mul(B.sub(c(1), y), B.log(B.sub(c(1), B.sigmoid(x))))))
      // max(x, 0) − x·y + log(1 + e^{−|x|}); softplus(−|x|) = log1p(e^{−|x|}) since −|x| ≤ 0 < 20.
      // max (not relu) so that the tie at x = 0 gives ½ − y = σ(0) − y, the true derivative.
      : B.add(B.sub(B.max(x, c(0)), B.mul(x, y)), B.softplus(B.neg(B.abs(x)))),
    latex: () => '\\operatorname{BCE}_{\\sigma}\\left(#1, #2\\right)',
    // ∂ℓ/∂z = σ(z) − y
    matrixLocal: (z, y, _p, T) => T.sub(T.activation(z, 'sigmoid'), y),
    testPoints: [[-2, 0], [0, 1], [1.5, 0.3], [30, 0]],
  }),
  mse: loss({
    torch: 'MSELoss',
    params: {},
    f: (yhat, y) => B.pow(B.sub(yhat, y), c(2)),
    latex: () => '\\left(#1 - #2\\right)^{2}',
    matrixLocal: (yhat, y, _p, T) => T.scale(T.sub(yhat, y), T.coef(2)),
    // ∂/∂ŷ (ŷ − y)² = 2(ŷ − y)
    docLocal: (o, y) => A('mul', [c(2), A('sub', [o, y])]),
    testPoints: [[0.5, 1], [-1, 2], [3, 3]],
  }),
  l1: loss({
    torch: 'L1Loss',
    params: {},
    f: l1,
    latex: () => '\\left|#1 - #2\\right|',
    matrixLocal: (yhat, y, _p, T) => l1Local(yhat, y, T),
    testPoints: [[0.5, 1], [2, -1], [1, 1]],
  }),
  huber: loss({
    torch: 'HuberLoss',
    params: { delta: { default: 1, range: { above: 0 }, shown: true, samples: [0.5] } },
    // ½d² if |d| < δ else δ(|d| − ½δ)
    f: (yhat, y, p) => {
      const d = B.sub(yhat, y);
      const ad = B.abs(d);
      return B.where(B.lt(ad, c(p.delta)), B.mul(half, B.pow(d, c(2))), B.mul(c(p.delta), B.sub(ad, c(0.5 * p.delta))));
    },
    latex: (p) => `\\operatorname{Huber}_{${p.delta}}\\left(#1, #2\\right)`,
    // clip(d, −δ, δ)
    matrixLocal: (yhat, y, p, T) => T.map(T.sub(yhat, y), clip(T.P0, p.delta, p.delta), T.P0, `clip(${p.delta})`,
      `\\operatorname{clip}_{\\pm ${p.delta}}\\left(#1\\right)`),
    testPoints: [[0.2, 0], [3, 0], [-2, 0.5], [1, 0]],
  }),
  smooth_l1: loss({
    torch: 'SmoothL1Loss',
    params: { beta: { default: 1, range: { min: 0 }, shown: true, samples: [0.7, 0] } },
    // β = 0 is exactly l1 in PyTorch (and ½d²/0 would poison the derivative of the unused branch).
    f: (yhat, y, p) => {
      if (p.beta === 0) return l1(yhat, y);
      const d = B.sub(yhat, y);
      const ad = B.abs(d);
      return B.where(B.lt(ad, c(p.beta)), B.div(B.mul(half, B.pow(d, c(2))), c(p.beta)), B.sub(ad, c(0.5 * p.beta)));
    },
    latex: (p) => (p.beta === 0 ? '\\left|#1 - #2\\right|' : `\\operatorname{SmoothL1}_{${p.beta}}\\left(#1, #2\\right)`),
    // clip(d/β, −1, 1)
    matrixLocal: (yhat, y, p, T) => p.beta === 0 ? l1Local(yhat, y, T)
      : T.map(T.sub(yhat, y), clip(T.P0, p.beta, 1), T.P0, `clip1(${p.beta})`, `\\operatorname{clip}_{\\pm 1}\\left(\\frac{#1}{${p.beta}}\\right)`),
    testPoints: [[0.2, 0], [3, 0], [-2, 0.5], [1, 0]],
  }),
  ...MORE_LOSSES,
} as const;

/** A class weight w_c ≥ 0 per class (PyTorch's `weight=`); absent means every class weighs 1. */
const CLASS_WEIGHT = { weight: { per: 'class', min: 0 } } as const satisfies Record<string, VectorDef>;

/**
 * nn.CrossEntropyLoss(weight, label_smoothing): logits in, a class index per sample; formulas in
 * softmax.ts. With a class weight ℓ_n = −Σ_c w_c q_c log_softmax(z_n)_c and `mean` divides by
 * Σ_n w_{y_n}, as PyTorch.
 */
export const CROSS_ENTROPY = {
  torch: 'CrossEntropyLoss',
  params: { label_smoothing: { default: 0, range: { min: 0, max: 1 }, samples: [0.1] } satisfies ParamDef },
  vectors: CLASS_WEIGHT,
} as const;

/**
 * nn.NLLLoss: log-probabilities in (e.g. after a LogSoftmax layer), a class index k per sample,
 * ℓ = −w_k x_k; mean divides by Σ_n w_{y_n} (the batch without a weight). Formulas in softmax.ts (nllSample, nllTerms).
 */
export const NLL = { torch: 'NLLLoss', params: {}, vectors: CLASS_WEIGHT } as const;

/**
 * nn.MultiMarginLoss(p=1, margin=1, weight): scores in, a class index k per sample,
 * ℓ = Σ_{c≠k} w_k·max(0, margin − x_k + x_c)^p / C (PyTorch's kernel multiplies the p-th power
 * by w_k; no gradient where the hinge is exactly 0); mean divides by the batch, also with a weight.
 */
export const MULTI_MARGIN = {
  torch: 'MultiMarginLoss',
  params: {
    p: { default: 1, range: { integer: true, min: 1, max: 2 }, samples: [2] } satisfies ParamDef,
    margin: { default: 1, samples: [0.5] } satisfies ParamDef,
  },
  vectors: CLASS_WEIGHT,
} as const;

/** The losses whose targets are one class index per sample. */
export type ClassLossName = 'cross_entropy' | 'nll' | 'multi_margin';
export const isClassLoss = (t: string): t is ClassLossName => t === 'cross_entropy' || t === 'nll' || t === 'multi_margin';
/** Does the loss read one class index per sample (a class loss, not cross_entropy with `targets: probabilities`)? */
export const indexTargets = (loss: { readonly type: string; readonly targets?: string }): boolean =>
  isClassLoss(loss.type) && loss.targets !== 'probabilities';
/** cross_entropy with rows of class probabilities as targets (PyTorch's target of the input's shape). */
export const softTargets = (loss: { readonly type: string; readonly targets?: string }): boolean =>
  loss.type === 'cross_entropy' && loss.targets === 'probabilities';

/** A class loss's catalog part (name, numeric and tensor options). */
export const classLossEntry = (t: ClassLossName) => (t === 'cross_entropy' ? CROSS_ENTROPY : t === 'nll' ? NLL : MULTI_MARGIN);

export type LossName = keyof typeof LOSSES;
export type LossParams<K extends LossName> = (typeof LOSSES)[K] extends LossEntry<infer P, string> ? P : never;
export const LOSS_NAMES = Object.keys(LOSSES) as LossName[];
