/**
 * Losses as symbolic formulas with PyTorch's exact definitions and defaults. Each elementwise
 * loss is a formula ℓ(ŷ, y) per output element; `reduction: mean` divides the sum by the number
 * of elements (batch × outputs), `sum` keeps it, as torch.nn does. Cross-entropy takes logits
 * and a class index per sample and its mean divides by the batch size only.
 *
 *   bce            ℓ = −(y·max(log ŷ, −100) + (1 − y)·max(log(1 − ŷ), −100))   (nn.BCELoss clamps log at −100)
 *   bce_with_logits ℓ = max(x, 0) − x·y + log(1 + e^{−|x|})                    (the stable form; x the logit)
 *   mse            ℓ = (ŷ − y)²                                                  (no ½)
 *   l1             ℓ = |ŷ − y|
 *   huber(δ)       ℓ = ½d² if |d| < δ, else δ(|d| − ½δ)                          (d = ŷ − y; δ = 1)
 *   smooth_l1(β)   ℓ = ½d²/β if |d| < β, else |d| − ½β; β = 0 is l1              (β = 1)
 *   cross_entropy  ℓ = −Σ_c q_c log_softmax(z)_c, q = (1 − ε)·onehot(k) + ε/C    (ε = label_smoothing)
 *   custom         ℓ = the formula in y and yhat
 *
 * Known difference from PyTorch: its BCE backward divides by max(ŷ(1 − ŷ), 1e−12); the
 * symbolic derivative of the clamped formula agrees everywhere except when ŷ is within about
 * 1e−44 of 0 or 1, where the formula's derivative is 0 or undefined instead.
 */
import { SymgradError } from '../errors.js';
import type { Expr } from '../expr/node.js';
import type { Assignment } from '../diff/program.js';
import * as B from '../expr/build.js';
import { instantiate } from './formula.js';
import { logSoftmax, softmax, type FormOptions } from './layers.js';
import type { LossSpec } from './spec.js';

const c = B.constant;
const half = c(0.5);

/** max(log v, −100), or plain log v for textbook formulas. */
function clampedLog(v: Expr, opts: FormOptions): Expr {
  return opts.textbook ? B.log(v) : B.max(B.log(v), c(-100));
}

/** ℓ(ŷ, y) for one output element (every loss but cross-entropy). */
export function elementLoss(loss: Exclude<LossSpec, { type: 'cross_entropy' }>, yhat: Expr, y: Expr, opts: FormOptions = {}): Expr {
  const d = B.sub(yhat, y);
  switch (loss.type) {
    case 'bce':
      // −(y log ŷ + (1 − y) log(1 − ŷ))
      return B.neg(B.add(B.mul(y, clampedLog(yhat, opts)), B.mul(B.sub(c(1), y), clampedLog(B.sub(c(1), yhat), opts))));
    case 'bce_with_logits':
      if (opts.textbook) {
        return B.neg(B.add(B.mul(y, B.log(B.sigmoid(yhat))), B.mul(B.sub(c(1), y), B.log(B.sub(c(1), B.sigmoid(yhat))))));
      }
      // max(x, 0) − x·y + log(1 + e^{−|x|}); softplus(−|x|) = log1p(e^{−|x|}) since −|x| ≤ 0 < 20.
      // max (not relu) so that the tie at x = 0 gives ½ − y = σ(0) − y, the true derivative.
      return B.add(B.sub(B.max(yhat, c(0)), B.mul(yhat, y)), B.softplus(B.neg(B.abs(yhat))));
    case 'mse':
      return B.pow(d, c(2));
    case 'l1':
      return B.abs(d);
    case 'huber': {
      const delta = c(loss.delta);
      const ad = B.abs(d);
      return B.where(B.lt(ad, delta), B.mul(half, B.pow(d, c(2))), B.mul(delta, B.sub(ad, c(0.5 * loss.delta))));
    }
    case 'smooth_l1': {
      const ad = B.abs(d);
      // β = 0 is exactly l1 in PyTorch (and ½d²/0 would poison the derivative of the unused branch).
      if (loss.beta === 0) return ad;
      const beta = c(loss.beta);
      return B.where(B.lt(ad, beta), B.div(B.mul(half, B.pow(d, c(2))), beta), B.sub(ad, c(0.5 * loss.beta)));
    }
    case 'custom':
      return instantiate(loss.f, { y, yhat });
  }
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

/**
 * Cross-entropy written through its probabilities, per sample n: p_k = softmax(z)_k (textbook
 * form) as assignments to `name(k, n)`, ℓ_n = −Σ_k q_k log p_k with q the label-smoothed one-hot
 * of the class, and 𝓛 = Σ_n ℓ_n, divided by the batch size for `reduction: mean`.
 */
export function probabilityCrossEntropy(
  ce: Extract<LossSpec, { type: 'cross_entropy' }>, outputs: readonly (readonly Expr[])[], classes: readonly number[],
  name: (k: number, n: number) => Expr,
): { assignments: Assignment[]; loss: Expr } {
  const assignments: Assignment[] = [];
  const samples = outputs.map((z, n) => {
    const K = z.length;
    const cls = classes[n]!;
    if (!Number.isInteger(cls) || cls < 0 || cls >= K) {
      throw new SymgradError(`cross_entropy needs a class index in 0..${K - 1}, got ${cls}`, { field: 'data.y' });
    }
    const p = softmax(z, { textbook: true }).map((e, k): Assignment => ({ target: name(k, n), expr: e }));
    assignments.push(...p);
    return B.neg(B.sum(p.map((pk, k) => B.mul(c(smoothedTarget(k, cls, ce.label_smoothing, K)), B.log(pk.target)))));
  });
  const s = B.sum(samples);
  return { assignments, loss: ce.reduction === 'mean' ? B.div(s, c(outputs.length)) : s };
}

/**
 * The reduced loss over a batch. `out[n][k]` are the network's outputs, `y[n][k]` the targets
 * (symbols or constants); for cross-entropy `y[n][0]` is the class index, a constant or a symbol.
 * `verbatim` sums the elementwise terms as written, ℓ_1 + ℓ_2 + … (B.sum would rewrite a + (−b) to
 * a − b), so that each ℓ_k stays a term of its own.
 */
export function totalLoss(
  loss: LossSpec, out: readonly (readonly Expr[])[], y: readonly (readonly Expr[])[], opts: FormOptions = {}, verbatim = false,
): Expr {
  if (loss.type === 'cross_entropy') {
    const per = out.map((row, n) => {
      const k = y[n]![0]!;
      return k.op === 'const'
        ? crossEntropySample(row, k.value, loss.label_smoothing, opts)
        : crossEntropyTerms(row, k, loss.label_smoothing, opts).loss;
    });
    const s = B.sum(per);
    return loss.reduction === 'mean' ? B.div(s, c(out.length)) : s;
  }
  const terms = out.flatMap((row, n) => row.map((yhat, k) => elementLoss(loss, yhat, y[n]![k]!, opts)));
  const s = verbatim ? terms.reduce((acc, t) => B.apply('add', [acc, t])) : B.sum(terms);
  return loss.reduction === 'mean' ? B.div(s, c(terms.length)) : s;
}
