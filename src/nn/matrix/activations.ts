/**
 * Elementwise activations as scalar Exprs in one placeholder (P0), with the LaTeX template used
 * when the matrix view prints them. Derivatives are not written here: they come from the core's
 * `derivative` applied to these Exprs (see local.ts), so a custom activation is handled exactly
 * like a built-in one.
 */
import type { Expr } from '../../expr/node.js';
import * as E from '../../expr/build.js';
import type { ActivationSpec } from '../spec.js';
import { P0 } from './scalar.js';
import { parseFormula } from './formula.js';

export interface Activation {
  readonly fn: Expr;
  /** What the function is; fusion rules match on it (`sigmoid`). */
  readonly tag: string;
  /** LaTeX template in #1. */
  readonly label: string;
}

const call = (name: string) => `${name}\\left(#1\\right)`;

/**
 * The scalar form of an elementwise activation layer (`field` names it in errors).
 * softplus keeps PyTorch's threshold: x above 20, so its derivative is exactly 1 there.
 */
export function activation(a: Exclude<ActivationSpec, { type: 'identity' | 'softmax' }>, field: string): Activation {
  switch (a.type) {
    case 'sigmoid': return { fn: E.sigmoid(P0), tag: 'sigmoid', label: call('\\sigma') };
    case 'tanh': return { fn: E.tanh(P0), tag: 'tanh', label: call('\\tanh') };
    case 'relu': return { fn: E.relu(P0), tag: 'relu', label: call('\\operatorname{ReLU}') };
    case 'leaky_relu':
      return { fn: E.leakyRelu(P0, a.negative_slope), tag: `leaky_relu(${a.negative_slope})`, label: call('\\operatorname{LeakyReLU}') };
    case 'softplus':
      return { fn: E.where(E.gt(P0, E.constant(20)), P0, E.softplus(P0)), tag: 'softplus', label: call('\\operatorname{softplus}') };
    case 'custom':
      return { fn: parseFormula(a.f, { x: P0 }, `${field}.f`), tag: `custom:${a.f}`, label: call('f') };
  }
}
