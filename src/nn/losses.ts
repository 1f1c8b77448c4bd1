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
import type { Expr } from '../expr/node.js';
import * as B from '../expr/build.js';
import { instantiate } from './formula.js';
import { logSoftmax, type FormOptions } from './layers.js';
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

/** −Σ_c q_c log_softmax(z)_c for one sample with class index k. */
export function crossEntropySample(logits: readonly Expr[], k: number, labelSmoothing: number, opts: FormOptions = {}): Expr {
  const lsm = logSoftmax(logits, opts);
  const C = logits.length;
  if (labelSmoothing === 0) return B.neg(lsm[k]!);
  // q_c = (1 − ε)[c = k] + ε/C; PyTorch computes (1 − ε)·nll + ε·(−Σ_c lsm_c / C), the same sum.
  const terms = lsm.map((l, j) => B.mul(c((j === k ? 1 - labelSmoothing : 0) + labelSmoothing / C), l));
  return B.neg(B.sum(terms));
}

/**
 * The reduced loss over a batch. `out[n][k]` are the network's outputs, `y[n][k]` the targets
 * (symbols or constants); for cross-entropy `y[n][0]` must be a constant class index.
 */
export function totalLoss(loss: LossSpec, out: readonly (readonly Expr[])[], y: readonly (readonly Expr[])[], opts: FormOptions = {}): Expr {
  if (loss.type === 'cross_entropy') {
    const per = out.map((row, n) => {
      const k = y[n]![0]!;
      if (k.op !== 'const') throw new Error('cross-entropy targets must be constant class indices');
      return crossEntropySample(row, k.value, loss.label_smoothing, opts);
    });
    const s = B.sum(per);
    return loss.reduction === 'mean' ? B.div(s, c(out.length)) : s;
  }
  const terms = out.flatMap((row, n) => row.map((yhat, k) => elementLoss(loss, yhat, y[n]![k]!, opts)));
  const s = B.sum(terms);
  return loss.reduction === 'mean' ? B.div(s, c(terms.length)) : s;
}
