/**
 * The kinds of layer and loss the random-network tests draw from, derived from the catalog:
 * every activation and every loss at its PyTorch defaults and at each of its parameters' sample
 * values (catalog `samples`), plus the row layers (softmax, softmin, log_softmax), the kinds outside the catalog (a custom formula,
 * cross-entropy with and without label smoothing, nll, a custom loss). A new catalog entry is tested
 * by every random-network test without editing this file. Reductions alternate mean/sum.
 */
import { ACTIVATIONS, CROSS_ENTROPY, LOSSES, MULTI_MARGIN, ROW_LAYER_NAMES, type ParamDef } from '../../src/nn/catalog/index.js';
import type { ActivationSpec, LossSpec, Reduction } from '../../src/nn/spec.js';

/** The entry at its defaults, then once per sample value of each parameter. */
function variants(params: Readonly<Record<string, ParamDef>>): Record<string, number>[] {
  const defaults = Object.fromEntries(Object.entries(params).map(([k, d]) => [k, d.default]));
  return [defaults, ...Object.entries(params).flatMap(([k, d]) => (d.samples ?? []).map((v) => ({ ...defaults, [k]: v })))];
}

export const ACTIVATION_KINDS: readonly ActivationSpec[] = [
  ...Object.entries(ACTIVATIONS).flatMap(([type, e]) => variants(e.params).map((p) => ({ type, ...p }) as ActivationSpec)),
  ...ROW_LAYER_NAMES.map((type): ActivationSpec => ({ type })),
  { type: 'custom', f: 'x*sigmoid(x)' },
];

const reductions: readonly Reduction[] = ['mean', 'sum'];
let k = 0;
const next = (): Reduction => reductions[k++ % 2]!;

export const LOSS_KINDS: readonly LossSpec[] = [
  ...Object.entries(LOSSES).flatMap(([type, e]) => variants(e.params).map((p) => ({ type, reduction: next(), ...p }) as LossSpec)),
  ...variants(CROSS_ENTROPY.params).map((p) => ({ type: 'cross_entropy', reduction: next(), ...p }) as LossSpec),
  ...variants(MULTI_MARGIN.params).map((p) => ({ type: 'multi_margin', reduction: next(), ...p }) as LossSpec),
  { type: 'nll', reduction: 'mean' },
  { type: 'nll', reduction: 'sum' },
  { type: 'custom', f: '0.5*(y - yhat)^2', reduction: 'sum' },
];
