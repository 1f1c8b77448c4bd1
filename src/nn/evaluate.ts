/**
 * Numbers from a network: the forward value of every intermediate, the loss, ∂𝓛/∂θ for every
 * parameter, and the parameters after optimizer steps, with PyTorch's semantics. Small networks
 * are evaluated through the scalar view (its assignments in order, then the symbolic gradient's
 * adjoints at those values); larger ones through the matrix view's interpreter (float64 only).
 *
 * With `steps: N`, `grad` is the gradient at the initial parameters (the first step's),
 * `params_after` the parameters after N steps and `losses[k]` the loss after k + 1 steps, so
 * `losses[0]` is the loss after one step. `float32: true` rounds parameters and data to float32
 * and rounds the result of every operation (forward, gradient and optimizer) with Math.fround,
 * imitating float32 tensors op by op (PyTorch's fused kernels may round differently).
 */
import { SymgradError } from '../errors.js';
import { constant, topoOrder, type Expr } from '../expr/node.js';
import { OPS } from '../expr/ops.js';
import { makeOptimizer } from './optim.js';
import { flattenParams, paramLayout, stateDict, trainableMask, type Tensor } from './params.js';
import { scalarView, scalarViewRefusal, type ScalarOptions, type ScalarView } from './scalar.js';
import { evaluateView, matrixView, type Mat } from './matrix/index.js';
import type { NetworkSpec } from './spec.js';

export interface TrainOptions {
  /** Optimizer steps to take (default 1; 0 gives values and gradients only). */
  steps?: number;
  float32?: boolean;
  scalar?: ScalarOptions;
  /** Called after each optimizer step with the steps done so far (for progress reports). */
  onStep?: (done: number, total: number) => void;
}

export interface TrainResult {
  /** The loss at the initial parameters. */
  loss: number;
  /** Output of every module of the Sequential, keyed by its index ("0", "1", …), batch × width. */
  forward: Record<string, number[][]>;
  /** The scalar view's value of every symbol (z_1, \sigma_1, \hat{y}, \mathcal{L}, …); empty for the matrix view. */
  symbols: Record<string, number>;
  /** ∂𝓛/∂θ at the initial parameters by state_dict key, in PyTorch's shapes; null for frozen ones. */
  grad: Record<string, Tensor | null>;
  params_before: Record<string, Tensor>;
  params_after: Record<string, Tensor>;
  /** losses[k] = the loss after k + 1 optimizer steps. */
  losses: number[];
  /** Which view computed the numbers. */
  view: 'scalar' | 'matrix';
  dtype: 'float64' | 'float32';
}

type Round = (x: number) => number;
const exact: Round = (x) => x;

/** evaluateMany with every operation's result passed through `round`. */
export function evaluateRounded(roots: readonly Expr[], env: Readonly<Record<string, number>>, round: Round = exact): number[] {
  const values = new Map<Expr, number>();
  for (const n of topoOrder(roots)) {
    if (n.op === 'const') values.set(n, round(n.value));
    else if (n.op === 'sym') {
      const v = env[n.name];
      if (v === undefined) throw new Error(`no value for symbol '${n.name}'`);
      values.set(n, v);
    } else {
      const a = n.args;
      const f = OPS[n.op].eval;
      values.set(n, round(f(values.get(a[0]!)!, a[1] ? values.get(a[1])! : NaN, a[2] ? values.get(a[2])! : NaN)));
    }
  }
  return roots.map((r) => values.get(r)!);
}

interface Point {
  loss: number;
  grad: Float64Array;
  /** Module index → batch × width. */
  forward: Record<string, number[][]>;
  /** Scalar-view symbol values (empty for the matrix view). */
  symbols: Record<string, number>;
}

/** Loss, gradient and forward values at the parameters `flat`. */
type Evaluator = (flat: Float64Array) => Point;

/** The scalar view's assignments in order, then the symbolic gradient's adjoints at those values. */
function scalarEvaluator(view: ScalarView, round: Round): Evaluator {
  const adjoint = view.gradient().adjoint;
  const trainable = view.params.filter((p) => !p.frozen);
  const gradRoots = trainable.map((p) => adjoint.get(p.symbol) ?? constant(0));
  return (flat) => {
    const values = view.env(flat);
    for (const k of Object.keys(values)) values[k] = round(values[k]!);
    const symbols: Record<string, number> = {};
    for (const a of view.program.assignments) {
      symbols[a.target.name] = values[a.target.name] = evaluateRounded([a.expr], values, round)[0]!;
    }
    const g = evaluateRounded(gradRoots, values, round);
    const grad = new Float64Array(view.layout.size);
    trainable.forEach((p, i) => (grad[p.flat] = g[i]!));
    const forward: Record<string, number[][]> = {};
    view.modules.forEach((rows, i) => (forward[String(i)] = rows.map((row) => row.map((s) => values[s.name]!))));
    return { loss: values[view.loss.name]!, grad, forward, symbols };
  };
}

/** The matrix view's interpreter (float64), for networks too large for the scalar view. */
function matrixEvaluator(spec: NetworkSpec): Evaluator {
  const view = matrixView(spec);
  return (flat) => {
    const v = evaluateView(view, { params: flat });
    const rows = (m: Mat) => Array.from({ length: m.rows }, (_, r) => Array.from(m.data.subarray(r * m.cols, (r + 1) * m.cols)));
    // The matrix view names Z1, A1, … and skips identity layers: walk the modules to key them by index.
    const forward: Record<string, number[][]> = {};
    let k = 0;
    let prev = spec.data.x.map((r) => [...r]);
    spec.layers.forEach((layer, i) => {
      if (layer.type !== 'identity') prev = rows(v.forward[view.forward[k++]!.id]!);
      forward[String(i)] = prev;
    });
    return { loss: v.loss, grad: v.grad, forward, symbols: {} };
  };
}

/** nn.BCELoss refuses inputs outside [0, 1]; so do we (the network should end in a sigmoid). */
function checkOutputs(spec: NetworkSpec, forward: Record<string, number[][]>): void {
  if (spec.loss.type !== 'bce') return;
  const out = forward[String(spec.layers.length - 1)]!;
  out.forEach((row, n) => row.forEach((v, k) => {
    if (!(v >= 0 && v <= 1)) {
      throw new SymgradError(
        `bce needs outputs in [0, 1] (end the network with a sigmoid, or use bce_with_logits), got ${v} for sample ${n}, output ${k}`,
        { field: 'loss' },
      );
    }
  }));
}

/** The scalar view when the network is small enough, else the matrix view. */
function chooseEvaluator(spec: NetworkSpec, opts: TrainOptions, round: Round): { evaluate: Evaluator; view: 'scalar' | 'matrix' } {
  if (!scalarViewRefusal(spec, opts.scalar)) return { evaluate: scalarEvaluator(scalarView(spec, opts.scalar), round), view: 'scalar' };
  if (opts.float32) throw new SymgradError('--float32 is available for networks small enough for the scalar view; this one is evaluated by the matrix view in float64 only (use --backend js --float32 for its compiled float32 gradient)');
  return { evaluate: matrixEvaluator(spec), view: 'matrix' };
}

/** Forward values, loss, gradients and `steps` optimizer steps. */
export function train(spec: NetworkSpec, opts: TrainOptions = {}): TrainResult {
  const steps = opts.steps ?? 1;
  if (!Number.isInteger(steps) || steps < 0) throw new SymgradError(`steps must be a whole number ≥ 0, got ${steps}`);
  const round: Round = opts.float32 ? Math.fround : exact;
  const { evaluate, view } = chooseEvaluator(spec, opts, round);
  const at = (flat: Float64Array) => {
    const p = evaluate(flat);
    checkOutputs(spec, p.forward);
    return p;
  };
  const layout = paramLayout(spec);
  const flat = flattenParams(spec, layout).map(round);
  const before = stateDict(layout, flat);
  const first = at(flat);
  const optimizer = makeOptimizer(spec.optimizer, trainableMask(layout), round);
  const losses: number[] = [];
  let point = first;
  for (let k = 0; k < steps; k++) {
    optimizer.step(flat, point.grad);
    point = at(flat);
    losses.push(point.loss);
    opts.onStep?.(k + 1, steps);
  }
  const grad: Record<string, Tensor | null> = {};
  const g = stateDict(layout, first.grad);
  for (const e of layout.entries) grad[e.key] = e.frozen ? null : g[e.key]!;
  return {
    loss: first.loss, forward: first.forward, symbols: first.symbols, grad, params_before: before,
    params_after: stateDict(layout, flat), losses, view, dtype: opts.float32 ? 'float32' : 'float64',
  };
}
