/**
 * The catalog: every activation, loss, optimizer and fusion symgrad knows, each defined once
 * (activations.ts, losses.ts, optimizers.ts, fusions.ts; the row functions softmax and
 * cross-entropy in softmax.ts). Everything else reads it: the file loader (names, parameters,
 * defaults, ranges), the API builders (nn.Sigmoid(), nn.HuberLoss({delta})), the scalar and
 * matrix views (the formulas), both compilers (through the views, and the optimizer rule), and
 * the derivation documents (PyTorch calls, textbook forms, closed-form factors, sentences).
 *
 * How to add an activation (GELU, SiLU, ELU, …):
 *   1. Add one entry to ACTIVATIONS in activations.ts: the PyTorch class name (`torch`), its
 *      parameters in PyTorch's positional order with defaults and ranges (`alpha: {default: 1}`),
 *      `f` as an engine formula built from the op table's primitives (src/expr/build.ts), the
 *      LaTeX name, and the rule sentence in English and Korean. Optionally `display` (the
 *      textbook form a document writes out) and `derivative` (the LaTeX the sentence names).
 *      If the formula needs a primitive the op table lacks (erf for GELU), add that primitive
 *      first: one entry in src/expr/ops.ts.
 *   2. Add its `testPoints` (every branch and kink); the catalog tests compare f and f′ at them
 *      with finite differences and the random-network tests start using it.
 *   The spec type, the loader, `nn.<Torch>(…)`, both views, both compilers and the documents
 *   then know it. (A named export in src/nn/api.ts is one optional line.)
 *
 * How to add a loss: one entry in LOSSES (losses.ts) — `f(ŷ, y, p, textbook)`, the matrix
 * view's LaTeX template, optionally `matrixLocal` (the tensor factor PyTorch's backward computes)
 * and `docLocal` (the textbook ∂ℓ/∂ŷ), and `testPoints`. A loss that is not elementwise needs a
 * row function like cross-entropy's. A fusion is one entry in FUSIONS.
 *
 * Parameters are numbers (`negative_slope`, `delta`, `alpha`); an activation with a trained
 * tensor of its own (PReLU's weight) declares it as `learnable` (types.ts): the layout, the
 * state_dict, both views and the documents then give it a gradient and updates like a Linear's.
 */
import type { Expr } from '../../expr/node.js';
import { ACTIVATIONS, type ActivationName } from './activations.js';
import { classLossEntry, CROSS_ENTROPY, isClassLoss, LOSSES, type LossName } from './losses.js';
import type { ActivationEntry, Learnable, LossEntry, ParamDef } from './types.js';

export * from './types.js';
export { ACTIVATIONS, ACTIVATION_NAMES, type ActivationName, type ActivationParams } from './activations.js';
export { LOSSES, LOSS_NAMES, CROSS_ENTROPY, NLL, MULTI_MARGIN, classLossEntry, indexTargets, isClassLoss, softTargets, type ClassLossName, type LossName, type LossParams } from './losses.js';
export { OPTIMIZERS, OPTIMIZER_NAMES, optimizerEntry, type OptimizerName } from './optimizers.js';
export { FUSIONS, fusionOf, type FusionName } from './fusions.js';
export * from './softmax.js';

/** A resolved elementwise activation or loss: its type and the values of its parameters. */
export interface Instance {
  readonly type: string;
  readonly [param: string]: unknown;
}

export const activationEntry = (type: ActivationName): ActivationEntry => ACTIVATIONS[type] as ActivationEntry;
export const lossEntry = (type: LossName): LossEntry => LOSSES[type] as LossEntry;

/** The parameter values of a resolved instance, by the entry's names. */
export function paramValues(params: Readonly<Record<string, ParamDef>>, spec: Instance): Record<string, number> {
  return Object.fromEntries(Object.keys(params).map((k) => [k, spec[k] as number]));
}

/** f(x) of a resolved activation layer; `w` is its learnable tensor's value at x's feature (PReLU). */
export function activationFormula(spec: Instance & { type: ActivationName }, x: Expr, textbook = false, w?: Expr): Expr {
  const e = activationEntry(spec.type);
  return e.f(x, paramValues(e.params, spec), textbook, w);
}

/** The learnable tensor of an activation type, if it has one (PReLU's `weight`). */
export const learnableOf = (type: string): Learnable | undefined =>
  Object.hasOwn(ACTIVATIONS, type) ? activationEntry(type as ActivationName).learnable : undefined;

/** ℓ(ŷ, y) of a resolved elementwise loss. */
export function lossFormula(spec: Instance & { type: LossName }, yhat: Expr, y: Expr, textbook = false): Expr {
  const e = lossEntry(spec.type);
  return e.f(yhat, y, paramValues(e.params, spec), textbook);
}

/** A parameter's value as PyTorch spells it: a number, or a quoted option (`'tanh'`). */
function spelled(params: Readonly<Record<string, ParamDef>>, spec: Instance): string[] {
  return Object.entries(paramValues(params, spec)).map(([k, v]) => {
    const choices = params[k]!.choices;
    if (!choices) return String(v);
    // a flag is Python's True/False, another option a quoted string
    return choices[0] === 'false' && choices[1] === 'true' ? (v === 1 ? 'True' : 'False') : `'${choices[v]}'`;
  });
}

/** A matrix-view tag naming the function and its parameters: `sigmoid`, `leaky_relu(0.01)`. */
export function activationTag(spec: Instance & { type: ActivationName }): string {
  const vals = spelled(activationEntry(spec.type).params, spec);
  return vals.length === 0 ? spec.type : `${spec.type}(${vals.join(',')})`;
}

/**
 * The PyTorch module call with positional parameters up to the last one that is shown or differs
 * from its default (`nn.LeakyReLU(0.01)`, `nn.Softplus()`, `nn.Softplus(2)`, `nn.Sigmoid()`), and
 * string options by keyword when not at their default (`nn.GELU(approximate='tanh')`).
 */
export function moduleCall(spec: Instance & { type: ActivationName }): string {
  const e = activationEntry(spec.type);
  const params = e.params as Readonly<Record<string, ParamDef>>;
  const vals = spelled(params, spec);
  const defs = Object.entries(params).map(([k, d], i) => ({ k, d, v: vals[i]! }));
  const numeric = defs.filter(({ d }) => !d.choices);
  const last = numeric.reduce((n, { k, d }, i) => (d.shown || spec[k] !== d.default ? i + 1 : n), 0);
  const options = defs.filter(({ k, d }) => d.choices && spec[k] !== d.default).map(({ k, v }) => `${k}=${v}`);
  return `nn.${e.torch}(${[...numeric.slice(0, last).map(({ v }) => v), ...options].join(', ')})`;
}

/**
 * The PyTorch loss as a document names it: `nn.BCELoss`, `nn.HuberLoss(delta=1)`,
 * `nn.CrossEntropyLoss(label_smoothing=0.1)` — keyword parameters that differ from the default
 * or are always shown.
 */
export function lossCall(spec: Instance): string {
  const { torch, params } = isClassLoss(spec.type) ? classLossEntry(spec.type) : lossEntry(spec.type as LossName);
  const defs = params as Readonly<Record<string, ParamDef>>;
  const vals = spelled(defs, spec);
  const shown = Object.entries(defs).flatMap(([k, d], i) => (d.shown || spec[k] !== d.default ? [`${k}=${vals[i]!}`] : []));
  // tensor options (a class or output weight) first, as PyTorch's signature orders them: weight=tensor([1, 2])
  const vectors = isClassLoss(spec.type) ? CROSS_ENTROPY.vectors : spec.type === 'custom' ? {} : lossEntry(spec.type as LossName).vectors ?? {};
  for (const k of Object.keys(vectors).reverse()) {
    const v = spec[k];
    if (Array.isArray(v)) shown.unshift(`${k}=tensor([${v.join(', ')}])`);
  }
  return shown.length === 0 ? `nn.${torch}` : `nn.${torch}(${shown.join(', ')})`;
}
