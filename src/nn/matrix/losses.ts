/**
 * Losses of the matrix view, with PyTorch's definitions and reductions. An elementwise loss is an
 * elementwise (`ew`) node of the catalog's scalar formula ℓ(ŷ, y) over (Ŷ, Y), summed and scaled by 1/(B·n) for
 * reduction='mean' (numel, as PyTorch) or 1 for 'sum'; cross-entropy is the composite
 * CE(Z, Q) (composites.ts) of the logits and the label-smoothed one-hot targets Q (an input
 * prepared from the class indices, targets.ts), scaled by 1/B.
 *
 * The catalog entry's `matrixLocal` gives the local factor ∂ℓ/∂Ŷ as a tensor expression — the
 * closed form a reader expects (2(Ŷ − Y) for MSE, σ(Z) − Y for BCE-with-logits) and the value
 * PyTorch's backward computes (BCE divides by max(ŷ(1 − ŷ), 1e-12)). A custom formula has no such
 * rule: its factor is derived by the core's `derivative`.
 */
import * as B from '../../expr/build.js';
import { SymgradError } from '../../errors.js';
import type { Expr } from '../../expr/node.js';
import { LOSSES, lossFormula, paramValues, type TensorBuilders } from '../catalog/index.js';
import type { LossSpec } from '../spec.js';
import type { TNode } from './node.js';
import * as T from './build.js';
import * as C from './composites.js';
import { classTargets, constantRow } from './targets.js';
import { coef, ONE, type Coef } from './coef.js';
import { P0, P1, P2 } from './scalar.js';
import { applyActivation } from './activations.js';
import { parseFormula } from './formula.js';

let builders: TensorBuilders | undefined;
/** The tensor builders handed to catalog entries (built on first use: build.ts is mid-import when this module loads). */
export const tensorBuilders = (): TensorBuilders => (builders ??= { ...T, ...C, coef, P0, P1, activation: applyActivation });

interface ElementwiseRule {
  /** ℓ(ŷ, y) in P0 = ŷ, P1 = y. */
  readonly fn: Expr;
  /** LaTeX template of ℓ in #1 = Ŷ, #2 = Y. */
  readonly label: string;
  /** ∂ℓ/∂Ŷ as a tensor, if there is a closed form. */
  readonly local?: (yhat: TNode, y: TNode) => TNode;
}

function elementwiseRule(loss: Exclude<LossSpec, { type: 'cross_entropy' | 'nll' | 'multi_margin' }>, field: string): ElementwiseRule {
  if (loss.type === 'custom') {
    return { fn: parseFormula(loss.f, { yhat: P0, '\\hat{y}': P0, y: P1 }, `${field}.f`), label: '\\ell\\left(#1, #2\\right)' };
  }
  const entry = LOSSES[loss.type];
  const p = paramValues(entry.params, loss) as never;
  const local = entry.matrixLocal;
  return {
    fn: lossFormula(loss, P0, P1),
    label: entry.latex(p),
    ...(local ? { local: (yhat: TNode, y: TNode) => local(yhat, y, p, tensorBuilders()) } : {}),
  };
}

/** Closed-form ∂ℓ/∂Ŷ by loss tag, for local.ts. */
const closedForms = new Map<string, (yhat: TNode, y: TNode) => TNode>();

export function lossLocal(tag: string): ((yhat: TNode, y: TNode) => TNode) | undefined {
  return closedForms.get(tag);
}

export interface LossGraph {
  /** The 1 × 1 loss node. */
  readonly loss: TNode;
  /** The per-element (B × n) or per-sample (B × 1) loss before reduction. */
  readonly elements: TNode;
  /** The reduction factor: 1/(B·n) or 1/B for mean, 1 for sum. */
  readonly factor: Coef;
}

/** The loss node for output Ŷ (B × n) and targets Y (B × n, or B × 1 class indices). */
export function lossGraph(loss: LossSpec, yhat: TNode, y: TNode, field = 'loss'): LossGraph {
  const mean = loss.reduction === 'mean';
  if (loss.type === 'multi_margin') {
    const classes = yhat.shape[1];
    if (classes === 'B') throw new Error('multi_margin over a batch-sized class dimension');
    // x_k per row, the hinge u = margin − x_k + x_c, h = u^p where u > 0, the class's own column masked out
    const onehot = classTargets(y, classes, 0);
    const xk = T.rowsum(T.mul(yhat, onehot));
    const u = T.map2(yhat, T.bcast(xk, yhat.shape), B.add(B.sub(B.constant(loss.margin), P1), P0), [P0, P1], 'margin', `${loss.margin} - #2 + #1`);
    const h = T.map(u, B.where(B.gt(P0, B.constant(0)), loss.p === 2 ? B.pow(P0, B.constant(2)) : P0, B.constant(0)), P0, `hinge${loss.p}`,
      loss.p === 2 ? '\\max\\left(0, #1\\right)^{2}' : '\\max\\left(0, #1\\right)');
    let elements = T.map2(h, onehot, B.mul(P0, B.sub(B.constant(1), P1)), [P0, P1], 'others', '#1 \\odot \\left(1 - #2\\right)');
    if (loss.weight) elements = T.mul(elements, T.bcast(classWeights(y, loss.weight), elements.shape));
    // Σ over the classes / C, and / B for mean (PyTorch's kernel: the batch, also with a weight)
    const factor = mean ? coef(1, classes, -1) : coef(1, classes);
    return { loss: T.scale(T.sum(elements), factor), elements, factor };
  }
  if (loss.type === 'nll') {
    const classes = yhat.shape[1];
    if (classes === 'B') throw new Error('nll over a batch-sized class dimension');
    // ℓ = −Σ_c onehot(Y)_c X_c per row; mean divides by the batch
    const elements = T.map2(yhat, classTargets(y, classes, 0), B.neg(B.mul(P0, P1)), [P0, P1], 'loss:nll:', '-\\left(#1 \\odot #2\\right)');
    if (loss.weight) return weighted(elements, y, loss.weight, mean);
    const factor = mean ? coef(1, 1, -1) : ONE;
    return { loss: T.scale(T.sum(elements), factor), elements, factor };
  }
  if (loss.type === 'cross_entropy' && loss.targets === 'probabilities') {
    // rows of class probabilities Y (smoothed: (1 − ε)Y + ε/C); ℓ = −(Q ⊙ log softmax(Z))𝟏 — not the
    // CE composite, whose softmax(Z) − Q rule holds only for rows summing to 1; mean ÷ B
    const classes = yhat.shape[1] as number;
    const eps = loss.label_smoothing;
    const smoothed = eps === 0 ? y : T.map(y, B.add(B.mul(B.constant(1 - eps), P0), B.constant(eps / classes)), P0, `smooth:${eps}`, `\\left(${1 - eps} \\, #1 + \\frac{${eps}}{${classes}}\\right)`);
    // a class weight: Q ⊙ 𝟏w (a constant row); mean still ÷ B, as PyTorch
    const q = loss.weight ? T.mul(smoothed, T.bcast(constantRow('weight', '\\mathbf{w}', loss.weight), smoothed.shape)) : smoothed;
    const elements = T.scale(T.rowsum(T.mul(q, C.logSoftmax(yhat))), coef(-1));
    const factor = mean ? coef(1, 1, -1) : ONE;
    return { loss: T.scale(T.sum(elements), factor), elements, factor };
  }
  if (loss.type === 'cross_entropy') {
    const classes = yhat.shape[1];
    if (classes === 'B') throw new Error('cross-entropy over a batch-sized class dimension');
    const q = classTargets(y, classes, loss.label_smoothing);
    if (loss.weight && loss.label_smoothing !== 0) {
      // ℓ_n = −Σ_c w_c q_c log p_c with the smoothed Q (its rows, weighted, no longer sum to 1:
      // not the CE composite and its softmax − Q rule); mean ÷ Σ_n w_{y_n}, as PyTorch
      const w = T.bcast(constantRow('weight', '\\mathbf{w}', loss.weight), q.shape);
      const elements = T.scale(T.rowsum(T.mul(T.mul(q, w), C.logSoftmax(yhat))), coef(-1));
      const total = T.sum(elements);
      return { loss: mean ? T.div(total, T.sum(classWeights(y, loss.weight))) : total, elements, factor: ONE };
    }
    const elements = C.crossEntropy(yhat, q);
    if (loss.weight) return weighted(elements, y, loss.weight, mean);
    const factor = mean ? coef(1, 1, -1) : ONE;
    return { loss: T.scale(T.sum(elements), factor), elements, factor };
  }
  const rule = elementwiseRule(loss, field);
  const tag = `loss:${loss.type}:${'delta' in loss ? loss.delta : 'beta' in loss ? loss.beta : ''}:${rule.fn.id}`;
  if (rule.local) closedForms.set(tag, rule.local);
  const elements = outputWeighted(loss, T.map2(yhat, y, rule.fn, [P0, P1], tag, rule.label), rule);
  const n = yhat.shape[1];
  const factor = mean ? coef(1, n === 'B' ? 1 : n, n === 'B' ? -2 : -1) : ONE;
  return { loss: T.scale(T.sum(elements), factor), elements, factor };
}

/**
 * The elementwise losses' tensor options per output: bce's weight multiplies ℓ (so the loss node,
 * its closed-form factor and the BCE∘σ rule stay as they are), bce_with_logits's pos_weight enters
 * the formula (the catalog's `weighted`), an elementwise node over (Ŷ, Y, p). Each is a constant
 * row (targets.ts) broadcast over the batch.
 */
function outputWeighted(loss: Exclude<LossSpec, { type: 'cross_entropy' | 'nll' | 'multi_margin' }>, elements: TNode, rule: ElementwiseRule): TNode {
  const [yhat, y] = elements.args as [TNode, TNode];
  if (loss.type === 'bce' && loss.weight) {
    return T.mul(elements, T.bcast(constantRow('weight', '\\mathbf{w}', loss.weight), elements.shape));
  }
  if (loss.type === 'bce_with_logits' && loss.pos_weight) {
    const p = T.bcast(constantRow('pos_weight', '\\mathbf{p}', loss.pos_weight), elements.shape);
    const fn = LOSSES.bce_with_logits.weighted!(rule.fn, P0, P1, { pos_weight: P2 });
    return T.ew([yhat, y, p], fn, [P0, P1, P2], { tag: `loss:pos_weighted:${fn.id}`, label: rule.label.replace('\\right)', '; #3\\right)') });
  }
  return elements;
}

/**
 * A class-weighted loss: each sample's ℓ_n (a row of `elements`) times w_{y_n}, a map of the class
 * index column Y; `mean` divides by Σ_n w_{y_n} (computed from Y, so a compiled closure reads it
 * from the batch it is given), as PyTorch's weighted mean.
 */
/** w_{y_n} per row: a map of the class index column. */
function classWeights(y: TNode, w: readonly number[]): TNode {
  const lookup = B.sum(w.map((wc, k) => B.where(B.apply('eq', [P0, B.constant(k)]), B.constant(wc), B.constant(0))));
  return T.map(y, lookup, P0, `classweight:${w.join(',')}`, 'w_{#1}');
}

function weighted(elements: TNode, y: TNode, w: readonly number[], mean: boolean): LossGraph {
  const wy = classWeights(y, w);
  const per = T.mul(elements, T.bcast(wy, elements.shape));
  const total = T.sum(per);
  return { loss: mean ? T.div(total, T.sum(wy)) : total, elements: per, factor: ONE };
}

/** Is this the tag of a node of the catalog loss `type`? (Fusion rules match on it.) */
export const isLossTag = (tag: string | undefined, type: string): boolean => tag !== undefined && tag.startsWith(`loss:${type}:`);
