/**
 * Elementwise activations of the matrix view: the catalog's formula in one placeholder (P0),
 * with the LaTeX template the matrix view prints. Derivatives are not written here: they come
 * from the core's `derivative` applied to these Exprs (see local.ts), so a custom activation is
 * handled exactly like a built-in one.
 */
import type { Expr } from '../../expr/node.js';
import { ACTIVATIONS, activationFormula, activationTag, type ActivationName, type RowLayerName } from '../catalog/index.js';
import type { ActivationSpec } from '../spec.js';
import type { TNode } from './node.js';
import * as T from './build.js';
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

/** The scalar form of an elementwise activation layer (`field` names it in errors). */
export function activation(a: Exclude<ActivationSpec, { type: 'identity' | RowLayerName }>, field: string): Activation {
  if (a.type === 'custom') return { fn: parseFormula(a.f, { x: P0 }, `${field}.f`), tag: `custom:${a.f}`, label: call('f') };
  return { fn: activationFormula(a, P0), tag: activationTag(a), label: call(ACTIVATIONS[a.type].latex) };
}

/** A catalog activation with its default parameters, applied elementwise (for loss and fusion forms). */
export function applyActivation(z: TNode, name: string): TNode {
  const e = ACTIVATIONS[name as ActivationName];
  const defaults = Object.fromEntries(Object.entries(e.params).map(([k, d]) => [k, (d as { default: number }).default]));
  const act = activation({ type: name, ...defaults } as Exclude<ActivationSpec, { type: 'identity' | RowLayerName }>, 'loss');
  return T.map(z, act.fn, P0, act.tag, act.label);
}
