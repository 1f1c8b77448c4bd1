/**
 * The reduced loss of a batch in the scalar view: the catalog's elementwise ℓ(ŷ, y) per output
 * element, summed and divided by the number of elements (batch × outputs) for `reduction: mean`
 * as torch.nn does; cross-entropy per sample (softmax.ts in the catalog), divided by the batch
 * size only; a custom loss is its formula in y and yhat.
 */
import { SymgradError } from '../errors.js';
import type { Expr } from '../expr/node.js';
import type { Assignment } from '../diff/program.js';
import * as B from '../expr/build.js';
import { instantiate } from './formula.js';
import { classWeight, lossEntry, multiMarginSample, multiMarginTerms, crossEntropySample, crossEntropyTerms, lossFormula, softCrossEntropyTerms, softTargets, nllSample, nllTerms, smoothedTarget, softmax, type FormOptions } from './catalog/index.js';
import type { LossSpec } from './spec.js';

const c = B.constant;

/** ℓ(ŷ, y) for one output element (every loss but cross-entropy). */
export function elementLoss(loss: Exclude<LossSpec, { type: 'cross_entropy' | 'nll' | 'multi_margin' }>, yhat: Expr, y: Expr, opts: FormOptions = {}): Expr {
  return loss.type === 'custom' ? instantiate(loss.f, { y, yhat }) : lossFormula(loss, yhat, y, opts.textbook);
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
    return B.neg(B.sum(p.map((pk, k) => B.mul(c((ce.weight?.[k] ?? 1) * smoothedTarget(k, cls, ce.label_smoothing, K)), B.log(pk.target)))));
  });
  return { assignments, loss: classMean(ce, B.sum(samples), classes.map((k) => [c(k)])) };
}

/** ℓ of output k with the loss's tensor options there (bce's weight w_k, bce_with_logits's pos_weight p_k). */
export function outputWeighted(loss: Exclude<LossSpec, { type: 'cross_entropy' | 'nll' | 'multi_margin' }>, l: Expr, yhat: Expr, y: Expr, k: number): Expr {
  if (loss.type === 'custom') return l;
  const e = lossEntry(loss.type);
  const v = Object.fromEntries(Object.keys(e.vectors ?? {}).flatMap((name) => {
    const values = (loss as Record<string, unknown>)[name] as readonly number[] | undefined;
    return values ? [[name, c(values[k]!)]] : [];
  }));
  return e.weighted && Object.keys(v).length > 0 ? e.weighted(l, yhat, y, v) : l;
}

/** `mean` of a class loss: Σ_n ℓ_n / B, or / Σ_n w_{y_n} with a class weight (PyTorch's weighted mean). */
export function classMean(loss: Extract<LossSpec, { type: 'cross_entropy' | 'nll' }>, s: Expr, y: readonly (readonly Expr[])[]): Expr {
  if (loss.reduction !== 'mean') return s;
  const w = loss.weight;
  return B.div(s, w ? B.sum(y.map((row) => classWeight(w, row[0]!))) : c(y.length));
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
  if (loss.type === 'multi_margin') {
    const per = out.map((row, n) => {
      const k = y[n]![0]!;
      return k.op === 'const' ? multiMarginSample(row, k.value, loss.p, loss.margin, loss.weight) : multiMarginTerms(row, k, loss.p, loss.margin, loss.weight);
    });
    // mean divides by the batch, with or without a weight (PyTorch's kernel)
    const s = B.sum(per);
    return loss.reduction === 'mean' ? B.div(s, c(out.length)) : s;
  }
  if (loss.type === 'nll') {
    const per = out.map((row, n) => {
      const k = y[n]![0]!;
      return k.op === 'const' ? nllSample(row, k.value, loss.weight) : nllTerms(row, k, loss.weight);
    });
    return classMean(loss, B.sum(per), y);
  }
  if (loss.type === 'cross_entropy' && softTargets(loss)) {
    // rows of class probabilities: mean divides by the batch, also with a class weight (PyTorch)
    const s = B.sum(out.map((row, n) => softCrossEntropyTerms(row, y[n]!, loss.label_smoothing, opts, loss.weight).loss));
    return loss.reduction === 'mean' ? B.div(s, c(y.length)) : s;
  }
  if (loss.type === 'cross_entropy') {
    const per = out.map((row, n) => {
      const k = y[n]![0]!;
      return k.op === 'const'
        ? crossEntropySample(row, k.value, loss.label_smoothing, opts, loss.weight)
        : crossEntropyTerms(row, k, loss.label_smoothing, opts, loss.weight).loss;
    });
    return classMean(loss, B.sum(per), y);
  }
  const terms = out.flatMap((row, n) => row.map((yhat, k) => outputWeighted(loss, elementLoss(loss, yhat, y[n]![k]!, opts), yhat, y[n]![k]!, k)));
  const s = verbatim ? terms.reduce((acc, t) => B.apply('add', [acc, t])) : B.sum(terms);
  return loss.reduction === 'mean' ? B.div(s, c(terms.length)) : s;
}
