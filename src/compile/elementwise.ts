/**
 * The elementwise pieces of a network as scalar expressions over placeholders, for the
 * compiler: an activation a = f(x) with its derivative f′ written in terms of x and a (so σ′
 * reads a(1 − a) from the stored activation instead of recomputing σ), and a loss term ℓ(ŷ, y)
 * with ∂ℓ/∂ŷ. The definitions are the network's own (src/nn/layers.ts, src/nn/losses.ts, with
 * PyTorch's conventions); the derivatives come from the symbolic engine. The placeholders x, a,
 * y, ŷ, d are bound to array elements by the lowering; their names never reach generated code.
 */
import { substitute, symbol, type Expr } from '../expr/node.js';
import * as B from '../expr/build.js';
import { derivative } from '../diff/reverse.js';
import { activate } from '../nn/layers.js';
import { elementLoss } from '../nn/losses.js';
import type { ActivationSpec, LossSpec } from '../nn/spec.js';

export const X = symbol('x');
export const A = symbol('a');
export const Y = symbol('y');
export const YHAT = symbol('yhat');
/** An incoming adjoint, ∂L/∂a. */
export const D = symbol('d');

type Elementwise = Exclude<ActivationSpec, { type: 'softmax' }>;

/** f and f′ over the placeholders: f in x, f′ in x and a = f(x). */
export function activationPair(act: Elementwise): { f: Expr; df: Expr } {
  const f = activate(act, X);
  const df = derivative(f, X);
  // Read f(x) from the stored activation instead of recomputing it: σ′ = a(1 − a).
  return { f, df: f === X ? df : substitute(df, new Map([[f, A]]), B.apply) };
}

/** ℓ and ∂ℓ/∂ŷ over the placeholders ŷ, y. */
export function lossPair(loss: Exclude<LossSpec, { type: 'cross_entropy' }>): { l: Expr; dl: Expr } {
  const l = elementLoss(loss, YHAT, Y);
  return { l, dl: derivative(l, YHAT) };
}
