/**
 * The network of one sample as a hand calculation sees it: nn/scalar.ts's scalar view of that
 * sample (inputs x_1…, weights W_1… numbered row by row through the layers, biases b_1…,
 * weighted sums z_1…, activations σ_1… (sigmoid), p_1… (softmax) or a_1… (others), targets y or
 * y_1… and the loss \mathcal{L}, all in textbook form), packaged for the document: every symbol
 * keeps its float64 value and, for parameters, its state_dict entry, so the document can print
 * the symbol, the PyTorch name and the number side by side, and the program is split into the
 * stages of the forward pass. The view is asked for the hand calculation's spelling: the last
 * activation keeps its own name (σ_3, with ŷ = σ_3 stated) so the chain rule reads
 * ∂L/∂σ_3 · ∂σ_3/∂z_3 as in the tutorial, activations are numbered per base, and cross-entropy's
 * softmax probabilities p_k are assignments of their own, so the backward pass can show ∂L/∂p_k
 * and the cancellation. There is no size limit here; the document decides what it prints.
 */
import { evaluateMany, symbol, type Expr } from '../expr/index.js';
import type { Assignment, Program } from '../diff/index.js';
import type { ActivationSpec, LinearSpec, NetworkSpec } from '../nn/spec.js';
import { scalarView, subscripted } from '../nn/scalar.js';
import { SymgradError } from '../errors.js';

/** `W_1`, `z_{12}`: the canonical IR spelling of an indexed name (the scalar view's). */
export const indexed: (base: string, i: number) => string = subscripted;

export interface ParamInfo {
  readonly sym: Expr;
  /** state_dict entry with index, e.g. `0.weight[1][0]`, `2.bias[0]`, `0.bias` (shared). */
  readonly entry: string;
  readonly key: string;
  readonly index: readonly number[];
  readonly value: number;
  readonly frozen: boolean;
}

/** One stage of the forward pass: a Linear layer or an activation, with its assignments. */
export type Stage =
  | { readonly kind: 'linear'; readonly module: number; readonly spec: LinearSpec; readonly outs: readonly Assignment[] }
  | { readonly kind: 'act'; readonly module: number; readonly spec: ActivationSpec; readonly outs: readonly Assignment[] };

export interface ScalarNet {
  readonly program: Program;
  readonly loss: Expr;
  readonly lossAssignment: Assignment;
  /** Softmax probabilities p_k added for a cross-entropy loss (empty otherwise). */
  readonly probs: readonly Assignment[];
  readonly inputs: readonly Expr[];
  readonly targets: readonly Expr[];
  /** The network's outputs ŷ_k as program symbols (e.g. σ_3), and their display names. */
  readonly outputs: readonly Expr[];
  readonly hats: readonly Expr[];
  readonly params: readonly ParamInfo[];
  readonly stages: readonly Stage[];
  /** The value of every symbol: inputs, targets, parameters, and every assignment. */
  readonly values: ReadonlyMap<Expr, number>;
}

/** Build the scalar program of `spec` for sample `sample` (the document shows batch 1). */
export function scalarNet(spec: NetworkSpec, sample = 0): ScalarNet {
  const x = spec.data.x[sample];
  const y = spec.data.y[sample];
  if (!x || !y) throw new SymgradError(`the data has no sample ${sample}`, { field: 'data' });
  const view = scalarView({ ...spec, data: { ...spec.data, x: [x], y: [y] } }, {
    textbook: true, keepOutputNames: true, softmaxProbabilities: true, countActivations: true, bareSingleInput: true,
    verbatimLossSum: true, names: { softmax: 'p' }, maxParams: Infinity, maxNodes: Infinity,
  });
  const { program, loss } = view;
  const values = new Map<Expr, number>();
  const inputs = view.inputs.map((d) => setv(values, d.symbol, x[d.index]!));
  // Parameters layer by layer (weights row by row, then biases), as the document lists them.
  const flat = view.env();
  const layer = (key: string) => Number(key.slice(0, key.indexOf('.')));
  const params = [...view.params].sort((a, b) => layer(a.key) - layer(b.key)).map((p): ParamInfo => ({
    sym: setv(values, p.symbol, flat[p.symbol.name]!), entry: `${p.key}${p.index.map((i) => `[${i}]`).join('')}`,
    key: p.key, index: p.index, value: flat[p.symbol.name]!, frozen: p.frozen,
  }));
  // Cross-entropy's class index has no symbol in the program; the document still names it y.
  const targets = y.map((v, k) => setv(values, symbol(y.length === 1 ? 'y' : indexed('y', k + 1)), v));
  const { assignments } = program;
  const byTarget = new Map(assignments.map((a) => [a.target, a]));
  const stages = spec.layers.map((l, module): Stage => {
    const outs = view.modules[module]![0]!.map((t) => byTarget.get(t)!);
    return l.type === 'linear' ? { kind: 'linear', module, spec: l, outs } : { kind: 'act', module, spec: l, outs };
  });
  const outputs = view.outputs[0]!;
  const hats = outputs.map((_, k) => symbol(outputs.length === 1 ? '\\hat{y}' : indexed('\\hat{y}', k + 1)));
  const lossAssignment = byTarget.get(loss)!;
  const env = new Map([...values].map(([s, v]) => [s.name, v]));
  const all = evaluateMany(assignments.map((a) => program.inline(a.target)), env);
  assignments.forEach((a, i) => values.set(a.target, all[i]!));
  for (const v of values.values()) {
    if (!Number.isFinite(v)) throw new SymgradError('the forward pass produced a non-finite value (check the data and the weights)', { field: 'data' });
  }
  return { program, loss, lossAssignment, probs: view.probs, inputs, targets, outputs, hats, params, stages, values };
}

function setv(values: Map<Expr, number>, s: Expr, v: number): Expr {
  values.set(s, v);
  return s;
}
