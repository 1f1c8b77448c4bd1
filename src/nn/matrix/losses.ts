/**
 * Losses of the matrix view, with PyTorch's definitions and reductions. An elementwise loss is a
 * `map2` of a scalar formula ℓ(ŷ, y) over (Ŷ, Y), summed and scaled by 1/(B·n) for
 * reduction='mean' (numel, as PyTorch) or 1 for 'sum'; cross-entropy is the row op `xent` on
 * the logits and the label-smoothed one-hot targets, scaled by 1/B.
 *
 * Each elementwise rule also gives its local factor ∂ℓ/∂Ŷ as a tensor expression — the closed
 * form a reader expects (2(Ŷ − Y) for MSE, σ(Z) − Y for BCE-with-logits) and the value PyTorch's
 * backward computes (BCE divides by max(ŷ(1 − ŷ), 1e-12)). A custom formula has no such rule:
 * its factor is derived by the core's `derivative`.
 */
import type { Expr } from '../../expr/node.js';
import * as E from '../../expr/build.js';
import type { LossSpec } from '../spec.js';
import type { TNode } from './node.js';
import * as T from './build.js';
import { coef, ONE, type Coef } from './coef.js';
import { P0, P1 } from './scalar.js';
import { activation } from './activations.js';
import { parseFormula } from './formula.js';

const c = E.constant;
/** d = ŷ − y */
const d = E.sub(P0, P1);

interface ElementwiseRule {
  /** ℓ(ŷ, y) in P0 = ŷ, P1 = y. */
  readonly fn: Expr;
  /** LaTeX template of ℓ in #1 = Ŷ, #2 = Y. */
  readonly label: string;
  /** ∂ℓ/∂Ŷ as a tensor, if there is a closed form. */
  readonly local?: (yhat: TNode, y: TNode) => TNode;
}

/** max(log v, −100): PyTorch clamps BCE's logs at −100. */
const clampedLog = (v: Expr) => E.max(E.log(v), c(-100));

function elementwiseRule(loss: Exclude<LossSpec, { type: 'cross_entropy' }>, field: string): ElementwiseRule {
  switch (loss.type) {
    case 'bce':
      // ℓ = −(y log ŷ + (1 − y) log(1 − ŷ));  ∂ℓ/∂ŷ = (ŷ − y) / max(ŷ(1 − ŷ), 10⁻¹²) as PyTorch
      return {
        fn: E.neg(E.add(E.mul(P1, clampedLog(P0)), E.mul(E.sub(c(1), P1), clampedLog(E.sub(c(1), P0))))),
        label: '\\operatorname{BCE}\\left(#1, #2\\right)',
        local: (yhat, y) => T.map2(yhat, y, E.div(d, E.max(E.mul(P0, E.sub(c(1), P0)), c(1e-12))), [P0, P1], "bce'",
          '\\frac{#1 - #2}{#1 \\odot \\left(1 - #1\\right)}'),
      };
    case 'bce_with_logits': {
      // ℓ = (1 − y) z + m + log(e^{−m} + e^{−z−m}), m = max(−z, 0);  ∂ℓ/∂z = σ(z) − y
      const m = E.max(E.neg(P0), c(0));
      const sig = activation({ type: 'sigmoid' }, 'loss');
      return {
        fn: E.add(E.add(E.mul(E.sub(c(1), P1), P0), m), E.log(E.add(E.exp(E.neg(m)), E.exp(E.sub(E.neg(P0), m))))),
        label: '\\operatorname{BCE}_{\\sigma}\\left(#1, #2\\right)',
        local: (z, y) => T.sub(T.map(z, sig.fn, P0, sig.tag, sig.label), y),
      };
    }
    case 'mse':
      // ℓ = (ŷ − y)²;  ∂ℓ/∂ŷ = 2(ŷ − y)
      return { fn: E.pow(d, c(2)), label: '\\left(#1 - #2\\right)^{2}', local: (yhat, y) => T.scale(T.sub(yhat, y), coef(2)) };
    case 'l1':
      return l1Rule();
    case 'huber': {
      // ℓ = ½d² if |d| < δ else δ(|d| − ½δ);  ∂ℓ/∂ŷ = clip(d, −δ, δ)
      const k = loss.delta;
      return {
        fn: E.where(E.lt(E.abs(d), c(k)), E.mul(c(0.5), E.pow(d, c(2))), E.mul(c(k), E.sub(E.abs(d), c(0.5 * k)))),
        label: `\\operatorname{Huber}_{${k}}\\left(#1, #2\\right)`,
        local: (yhat, y) => T.map(T.sub(yhat, y), clip(P0, k, k), P0, `clip(${k})`, `\\operatorname{clip}_{\\pm ${k}}\\left(#1\\right)`),
      };
    }
    case 'smooth_l1': {
      // β = 0 is L1 (as PyTorch); else ℓ = ½d²/β if |d| < β else |d| − ½β;  ∂ℓ/∂ŷ = clip(d/β, −1, 1)
      const b = loss.beta;
      if (b === 0) return l1Rule();
      return {
        fn: E.where(E.lt(E.abs(d), c(b)), E.div(E.mul(c(0.5), E.pow(d, c(2))), c(b)), E.sub(E.abs(d), c(0.5 * b))),
        label: `\\operatorname{SmoothL1}_{${b}}\\left(#1, #2\\right)`,
        local: (yhat, y) => T.map(T.sub(yhat, y), clip(P0, b, 1), P0, `clip1(${b})`,
          `\\operatorname{clip}_{\\pm 1}\\left(\\frac{#1}{${b}}\\right)`),
      };
    }
    case 'custom':
      return {
        fn: parseFormula(loss.f, { yhat: P0, '\\hat{y}': P0, y: P1 }, `${field}.f`),
        label: '\\ell\\left(#1, #2\\right)',
      };
  }
}

/** ℓ = |ŷ − y|;  ∂ℓ/∂ŷ = sgn(ŷ − y), 0 at 0 as PyTorch */
function l1Rule(): ElementwiseRule {
  return {
    fn: E.abs(d),
    label: '\\left|#1 - #2\\right|',
    local: (yhat, y) => T.map(T.sub(yhat, y), E.apply('sign', [P0]), P0, 'sign', '\\operatorname{sgn}\\left(#1\\right)'),
  };
}

/** PyTorch's Huber / smooth-L1 backward: −s for d ≤ −t, s for d ≥ t, s·d/t between. */
function clip(v: Expr, t: number, s: number): Expr {
  return E.where(E.apply('le', [v, c(-t)]), c(-s), E.where(E.apply('ge', [v, c(t)]), c(s), E.div(E.mul(c(s), v), c(t))));
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
  if (loss.type === 'cross_entropy') {
    const classes = yhat.shape[1];
    if (classes === 'B') throw new Error('cross-entropy over a batch-sized class dimension');
    const elements = T.xent(yhat, T.onehot(y, classes, loss.label_smoothing));
    const factor = mean ? coef(1, 1, -1) : ONE;
    return { loss: T.scale(T.sum(elements), factor), elements, factor };
  }
  const rule = elementwiseRule(loss, field);
  const tag = `loss:${loss.type}:${'delta' in loss ? loss.delta : 'beta' in loss ? loss.beta : ''}:${rule.fn.id}`;
  if (rule.local) closedForms.set(tag, rule.local);
  const elements = T.map2(yhat, y, rule.fn, [P0, P1], tag, rule.label);
  const n = yhat.shape[1];
  const factor = mean ? coef(1, n === 'B' ? 1 : n, n === 'B' ? -2 : -1) : ONE;
  return { loss: T.scale(T.sum(elements), factor), elements, factor };
}

/** The tag prefix of a BCE loss node (fusion rules match on it). */
export const isBceTag = (tag: string | undefined): boolean => tag !== undefined && tag.startsWith('loss:bce:');
