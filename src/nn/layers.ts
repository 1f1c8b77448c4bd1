/**
 * Activation layers as symbolic expressions, with PyTorch's definitions: sigmoid, tanh, relu
 * (relu′(0) = 0), leaky_relu(x, negative_slope), softplus (β = 1, threshold 20, as nn.Softplus),
 * identity, custom formulas in x, and softmax over the features of a sample.
 *
 * Softmax and log-softmax subtract the row maximum m before exponentiating, as PyTorch does, so
 * large logits do not overflow: softmax(z)_c = e^{z_c − m} / Σ_j e^{z_j − m}. The shift cancels
 * exactly in the maths (∂/∂m = 0), so it changes no derivative; `textbook: true` drops it for
 * display (e^{z_c} / Σ_j e^{z_j}), with equal values wherever nothing overflows.
 */
import type { Expr } from '../expr/node.js';
import * as B from '../expr/build.js';
import { instantiate } from './formula.js';
import type { ActivationSpec } from './spec.js';

export interface FormOptions {
  /** Drop PyTorch's numerical guards (softmax shift, BCE log clamp) for readable formulas. */
  readonly textbook?: boolean;
}

/** An elementwise activation applied to one pre-activation. */
export function activate(spec: Exclude<ActivationSpec, { type: 'softmax' }>, z: Expr): Expr {
  switch (spec.type) {
    case 'sigmoid': return B.sigmoid(z);
    case 'tanh': return B.tanh(z);
    case 'relu': return B.relu(z);
    case 'leaky_relu': return B.leakyRelu(z, spec.negative_slope);
    case 'softplus': return B.softplus(z);
    case 'identity': return z;
    case 'custom': return instantiate(spec.f, { x: z });
  }
}

/** max(z_1, max(z_2, …)), the shift of a stable softmax. */
export function rowMax(zs: readonly Expr[]): Expr {
  return zs.slice(1).reduce((m, z) => B.max(m, z), zs[0]!);
}

/** softmax over one sample's features: e^{z_c − m} / Σ_j e^{z_j − m}. */
export function softmax(zs: readonly Expr[], opts: FormOptions = {}): Expr[] {
  const m = opts.textbook ? B.constant(0) : rowMax(zs);
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
