/**
 * The network of one sample as a hand calculation sees it: a Program of scalar assignments
 * named the way the tutorial names them — inputs x_1…, weights W_1… numbered row by row through
 * the layers (W_1 = 0.weight[0][0], W_2 = 0.weight[0][1], …), biases b_1…, weighted sums
 * z_1…, activations σ_1… (sigmoid) or a_1… (others), softmax probabilities p_1…, targets y
 * (or y_1…) and the loss \mathcal{L}. Every symbol keeps its float64 value and, for
 * parameters, its state_dict entry, so the document can print the symbol, the PyTorch name
 * and the number side by side.
 *
 * It follows nn/scalar.ts's numbering and uses its formulas (nn/layers activate and softmax,
 * nn/losses elementLoss, all in textbook form); test/doc/network.test.ts checks that both give
 * the same symbols, entries and values. It differs only where a hand calculation reads better:
 * the last activation keeps its own name (σ_3, with ŷ = σ_3 stated) so the chain rule reads
 * ∂L/∂σ_3 · ∂σ_3/∂z_3 as in the tutorial, and cross-entropy's softmax probabilities p_k are
 * assignments of their own, so the backward pass can show ∂L/∂p_k and the cancellation.
 */
import { B, evaluateMany, symbol, type Expr } from '../../expr/index.js';
import { Program, type Assignment } from '../../diff/index.js';
import type { ActivationSpec, LinearSpec, LossSpec, NetworkSpec } from '../../nn/spec.js';
import { paramLayout } from '../../nn/params.js';
import { activate, softmax } from '../../nn/layers.js';
import { elementLoss } from '../../nn/losses.js';
import { SymgradError } from '../../errors.js';

/** `W_1`, `z_{12}`: the canonical IR spelling of an indexed name. */
export const indexed = (base: string, i: number): string => (i < 10 ? `${base}_${i}` : `${base}_{${i}}`);

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

const ACT_BASE: Partial<Record<ActivationSpec['type'], string>> = { sigmoid: '\\sigma', softmax: 'p' };

/** Build the scalar program of `spec` for sample `sample` (the document shows batch 1). */
export function scalarNet(spec: NetworkSpec, sample = 0): ScalarNet {
  const x = spec.data.x[sample];
  const y = spec.data.y[sample];
  if (!x || !y) throw new SymgradError(`the data has no sample ${sample}`, { field: 'data' });
  const values = new Map<Expr, number>();
  const layout = paramLayout(spec);
  const params: ParamInfo[] = [];
  const stages: Stage[] = [];
  const inputs = x.map((v, j) => setv(values, symbol(x.length === 1 ? 'x' : indexed('x', j + 1)), v));
  let current: Expr[] = inputs;
  const count = { W: 0, b: 0, z: 0, a: new Map<string, number>() };
  spec.layers.forEach((layer, module) => {
    if (layer.type === 'linear') {
      const frozen = (k: 'weight' | 'bias') => layout.entries.some((e) => e.layer === module && e.kind === k && e.frozen);
      const weights = layer.weight.map((row, r) =>
        row.map((v, c) => {
          const sym = symbol(indexed('W', ++count.W));
          params.push({ sym, entry: `${module}.weight[${r}][${c}]`, key: `${module}.weight`, index: [r, c], value: v, frozen: frozen('weight') });
          return setv(values, sym, v);
        }),
      );
      let shared: Expr | undefined;
      if (layer.bias.kind === 'shared') {
        shared = setv(values, symbol(indexed('b', ++count.b)), layer.bias.value);
        params.push({ sym: shared, entry: `${module}.bias`, key: `${module}.bias`, index: [], value: layer.bias.value, frozen: frozen('bias') });
      }
      const outs = weights.map((row, r): Assignment => {
        let bias: Expr | undefined = shared;
        if (layer.bias.kind === 'vector') {
          const v = layer.bias.values[r]!;
          bias = setv(values, symbol(indexed('b', ++count.b)), v);
          params.push({ sym: bias, entry: `${module}.bias[${r}]`, key: `${module}.bias`, index: [r], value: v, frozen: frozen('bias') });
        }
        // z = Σ_j W_j x_j + b : the weighted sum (가중합)
        const terms = row.map((w, c) => B.mul(w, current[c]!));
        const sum = [...terms, ...(bias ? [bias] : [])].reduce((acc, t) => B.apply('add', [acc, t]));
        return { target: symbol(indexed('z', ++count.z)), expr: sum };
      });
      stages.push({ kind: 'linear', module, spec: layer, outs });
      current = outs.map((o) => o.target);
    } else {
      const base = ACT_BASE[layer.type] ?? 'a';
      const outs = current.map((_, k): Assignment => {
        const n = (count.a.get(base) ?? 0) + 1;
        count.a.set(base, n);
        return { target: symbol(indexed(base, n)), expr: activationExpr(layer, current, k, module) };
      });
      stages.push({ kind: 'act', module, spec: layer, outs });
      current = outs.map((o) => o.target);
    }
  });
  const outputs = current;
  const hats = outputs.map((_, k) => symbol(outputs.length === 1 ? '\\hat{y}' : indexed('\\hat{y}', k + 1)));
  const targets = y.map((v, k) => setv(values, symbol(y.length === 1 ? 'y' : indexed('y', k + 1)), v));
  const { probs, expr } = lossExpr(spec.loss, outputs, targets, y);
  const loss = symbol('\\mathcal{L}');
  const lossAssignment: Assignment = { target: loss, expr };
  const assignments = [...stages.flatMap((s) => s.outs), ...probs, lossAssignment];
  const program = new Program(assignments);
  const env = new Map([...values].map(([s, v]) => [s.name, v]));
  const all = evaluateMany(assignments.map((a) => program.inline(a.target)), env);
  assignments.forEach((a, i) => values.set(a.target, all[i]!));
  for (const v of values.values()) {
    if (!Number.isFinite(v)) throw new SymgradError('the forward pass produced a non-finite value (check the data and the weights)', { field: 'data' });
  }
  return { program, loss, lossAssignment, probs, inputs, targets, outputs, hats, params, stages, values };
}

function setv(values: Map<Expr, number>, s: Expr, v: number): Expr {
  values.set(s, v);
  return s;
}

/** a_k = act(z_k) (nn/layers.ts); softmax couples the layer: p_k = e^{z_k} / Σ_j e^{z_j}. */
function activationExpr(a: ActivationSpec, layer: readonly Expr[], k: number, module: number): Expr {
  if (a.type === 'softmax') return softmax(layer, { textbook: true })[k]!;
  return located(`layers[${module}].f`, () => activate(a, layer[k]!));
}

/** Run `f`, giving a SymgradError it throws the field path it concerns. */
function located<T>(field: string, f: () => T): T {
  try {
    return f();
  } catch (e) {
    if (e instanceof SymgradError && e.place.field === undefined) throw new SymgradError(e.message, { ...e.place, field });
    throw e;
  }
}

/**
 * The loss of one sample in the outputs and targets, with nn/losses.ts's textbook formulas and
 * PyTorch's reduction over the output features (`mean` divides by their number). Cross-entropy
 * takes logits; the document adds the softmax probabilities p_k as assignments of their own so
 * that the backward pass can show ∂L/∂p_k and the cancellation to p_k − q_k.
 */
function lossExpr(loss: LossSpec, out: readonly Expr[], ys: readonly Expr[], yv: readonly number[]): { probs: Assignment[]; expr: Expr } {
  const n = out.length;
  const c = B.constant;
  if (loss.type !== 'cross_entropy') {
    const terms = out.map((o, k) => located('loss.f', () => elementLoss(loss, o, ys[k]!, { textbook: true })));
    const s = terms.reduce((acc, t) => B.apply('add', [acc, t]));
    return { probs: [], expr: loss.reduction === 'mean' && n > 1 ? B.div(s, c(n)) : s };
  }
  const cls = yv[0]!;
  if (!Number.isInteger(cls) || cls < 0 || cls >= n) {
    throw new SymgradError(`cross_entropy needs a class index in 0..${n - 1}, got ${cls}`, { field: 'data.y' });
  }
  const p = softmax(out, { textbook: true });
  const probs = out.map((_, k): Assignment => ({ target: symbol(indexed('p', k + 1)), expr: p[k]! }));
  // ℓ = −Σ_k q_k log p_k with q = (1 − ε)·onehot(y) + ε/K (label smoothing ε)
  const eps = loss.label_smoothing;
  const terms = probs.map((pk, k) => B.mul(c((k === cls ? 1 - eps : 0) + eps / n), B.log(pk.target)));
  return { probs, expr: B.neg(B.sum(terms)) };
}
