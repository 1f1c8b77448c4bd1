/**
 * The scalar view: a small network written out as one assignment per neuron, in the numbering
 * tutorials use — weights W_1, W_2, … row-major through the layers (W_1 = "0.weight"[0][0],
 * W_2 = "0.weight"[0][1], …), biases b_1, b_2, …, pre-activations z_1, z_2, … numbered through
 * the layers, activations σ_j = σ(z_j) (a_j for other activations), the output ŷ (ŷ_k for several
 * outputs) and the loss 𝓛:
 *
 *   z_1 = W_1 x_1 + W_2 x_2 + b_1,  σ_1 = σ(z_1),  …,  ŷ = σ(z_3),  𝓛 = −(y log ŷ + (1 − y) log(1 − ŷ))
 *
 * With a batch of B > 1 samples every per-sample symbol gets the sample's number as a superscript
 * (x_1^{(2)}, z_3^{(2)}, ŷ^{(2)}), the parameters are shared, and 𝓛 reduces over all samples.
 * Because it is a Program, programGradient keeps the chain-rule structure (each ∂𝓛/∂W_i as a
 * sum of products of local factors) and closedForm gives the simplified result. Networks above a size limit are refused: use the matrix view.
 *
 * This is the one builder of the per-neuron program. Options respell it for its other users: the
 * documents (derive/network.ts) keep the last activation's name, number activations per base,
 * show cross-entropy through its probabilities p_k and sum the loss term by term; the compiler
 * (compile/scalar.ts) takes the inline form (one expression, no symbol per neuron) with class
 * indices as run-time symbols. None of them changes a value. The loss forms themselves (term by term,
 * through probabilities, with run-time classes) are written in losses.ts.
 */
import { SymgradError } from '../errors.js';
import { constant, substitute, symbol, type Expr } from '../expr/node.js';
import * as B from '../expr/build.js';
import { Program, programGradient, type Assignment, type ProgramGradient } from '../diff/program.js';
import { simplify } from '../simplify/index.js';
import { activationFormula, indexTargets, softTargets, isRowSpec, learnableOf, ROW_LAYERS, type FormOptions } from './catalog/index.js';
import { instantiate } from './formula.js';
import { probabilityCrossEntropy, totalLoss } from './losses.js';
import { flattenParams, paramLayout, type ParamLayout } from './params.js';
import type { LinearSpec, NetworkSpec } from './spec.js';

export interface ScalarNames {
  weight: string; bias: string; pre: string; sigmoid: string; activation: string; softmax: string;
  input: string; target: string; output: string; loss: string;
  /** Softmax probabilities of a cross-entropy loss (with `softmaxProbabilities`). */
  probability: string;
  /** The decoration of a per-sample symbol for sample n (1-based) when the batch is > 1. */
  sample: (n: number) => string;
}

export const DEFAULT_NAMES: ScalarNames = {
  weight: 'W', bias: 'b', pre: 'z', sigmoid: '\\sigma', activation: 'a', softmax: 'a',
  input: 'x', target: 'y', output: '\\hat{y}', loss: '\\mathcal{L}', probability: 'p',
  sample: (n) => `^{(${n})}`,
};

/** Default size limits of the scalar view. */
export const SCALAR_LIMITS = { params: 200, nodes: 500 } as const;

export interface ScalarOptions extends FormOptions {
  names?: Partial<ScalarNames>;
  /** Refuse networks with more parameters than this (default 200). */
  maxParams?: number;
  /** Refuse networks with more per-sample scalar nodes (z, σ, ŷ over the batch) than this (default 500). */
  maxNodes?: number;
  /** Keep the last module's own symbols (σ_3) instead of naming the outputs ŷ; `outputs` lists them. */
  keepOutputNames?: boolean;
  /**
   * Cross-entropy through its softmax probabilities: p_k = e^{z_k} / Σ_j e^{z_j} as assignments of
   * their own (`probs`) and ℓ = −Σ_k q_k log p_k, so that ∂𝓛/∂p_k and the cancellation can be shown.
   */
  softmaxProbabilities?: boolean;
  /** Number activations through the network per base (σ_1, σ_2, …) instead of reusing the z's numbers. */
  countActivations?: boolean;
  /** Write a network's only input as x rather than x_1. */
  bareSingleInput?: boolean;
  /**
   * Sum the per-element losses as written, ℓ_1 + ℓ_2 + … (a + (−b) is not rewritten to a − b), so
   * each ℓ_k stays a term of its own whose derivative a document can show.
   */
  verbatimLossSum?: boolean;
  /**
   * No symbol per neuron: each module's outputs are the expressions themselves and the program
   * is the one assignment 𝓛 = … (the compiler's form: one expression for the whole batch).
   */
  inline?: boolean;
  /**
   * Cross-entropy's class index as a target symbol y^{(n)} read at run time, not a constant:
   * ℓ_n = −Σ_c q_c log_softmax(z)_c with q_c = where(y^{(n)} = c, 1 − ε + ε/C, ε/C).
   */
  runtimeClasses?: boolean;
}

/** One scalar parameter: its symbol and where it lives in the state_dict and the flat vector. */
export interface ParamSymbol {
  readonly symbol: Expr;
  /** state_dict key, e.g. "2.weight". */
  readonly key: string;
  /** Index inside the tensor: [row, col] for a weight, [i] for a bias or a PReLU slope, [] for a shared bias. */
  readonly index: readonly number[];
  readonly flat: number;
  readonly frozen: boolean;
}

/** A data symbol: x (input) or y (target) of sample `sample`, feature/output `index`. */
export interface DataSymbol {
  readonly symbol: Expr;
  readonly sample: number;
  readonly index: number;
}

export interface ScalarView {
  readonly spec: NetworkSpec;
  readonly program: Program;
  /** The loss symbol 𝓛. */
  readonly loss: Expr;
  readonly layout: ParamLayout;
  /** Every parameter, weights first (W_1, W_2, …), then biases (b_1, …), then learned activation tensors (α_1, …). */
  readonly params: readonly ParamSymbol[];
  /** The parameters that get gradients (not frozen), in the same order. */
  readonly trainable: readonly Expr[];
  readonly inputs: readonly DataSymbol[];
  /** Target symbols (none for cross-entropy, whose class indices are constants in 𝓛). */
  readonly targets: readonly DataSymbol[];
  /** For each module of the Sequential, its output symbols, batch × width. */
  readonly modules: readonly (readonly (readonly Expr[])[])[];
  /** The network's outputs per sample, batch × width (ŷ, or the last module's symbols with `keepOutputNames`). */
  readonly outputs: readonly (readonly Expr[])[];
  /** The softmax probabilities p_k of a cross-entropy loss (`softmaxProbabilities`; empty otherwise). */
  readonly probs: readonly Assignment[];
  /** ∂𝓛/∂θ for every trainable θ, with the chain-rule links and paths (computed once, on demand). */
  gradient(): ProgramGradient;
  /** Write definitions back as their symbols: σ(z_1)(1 − σ(z_1)) → σ_1(1 − σ_1) (values unchanged). */
  fold(e: Expr): Expr;
  /**
   * ∂𝓛/∂θ simplified: in terms of the view's intermediate symbols (ŷ, σ_j, …) by default, or
   * with `inline: true` written out in parameters and data only.
   */
  closedForm(theta: Expr, opts?: { inline?: boolean }): Expr;
  /** Values of the parameters (from `flat`, default the spec's) and of the data, by symbol name. */
  env(flat?: ArrayLike<number>): Record<string, number>;
  /** `"2.weight"[0][1]` for a parameter symbol. */
  describe(s: Expr): string | undefined;
}

/** `W_1`, `W_{12}`: a base with a subscript, braced when longer than one character. */
export function subscripted(base: string, i: number | string): string {
  const s = String(i);
  return `${base}_${s.length === 1 ? s : `{${s}}`}`;
}

/** Build the scalar view of a network. */
export function scalarView(spec: NetworkSpec, opts: ScalarOptions = {}): ScalarView {
  const names = { ...DEFAULT_NAMES, ...opts.names };
  const layout = paramLayout(spec);
  const refusal = scalarViewRefusal(spec, opts, layout);
  if (refusal) throw new SymgradError(refusal);
  const batch = spec.data.x.length;
  const per = (name: string, n: number) => symbol(batch > 1 ? `${name}${names.sample(n + 1)}` : name);

  // Parameters: W numbered through all weights, b through all biases.
  const params: ParamSymbol[] = [];
  const weightSyms = new Map<number, Expr[][]>();
  const biasSyms = new Map<number, Expr[]>();
  /** The learned tensor of an activation layer (PReLU's α_1, α_2, … numbered through the layers). */
  const learnedSyms = new Map<number, Expr[]>();
  const learnedCount = new Map<string, number>();
  let w = 0;
  let b = 0;
  for (const e of layout.entries) {
    if (e.kind !== 'weight') continue;
    const [out, inn] = [e.shape[0]!, e.shape[1]!];
    const rows = Array.from({ length: out }, (_, r) => Array.from({ length: inn }, (_, c) => {
      const s = symbol(subscripted(names.weight, ++w));
      params.push({ symbol: s, key: e.key, index: [r, c], flat: e.offset + r * inn + c, frozen: e.frozen });
      return s;
    }));
    weightSyms.set(e.layer, rows);
  }
  for (const e of layout.entries) {
    if (e.kind !== 'bias') continue;
    if (e.shape.length === 0) {
      const s = symbol(subscripted(names.bias, ++b));
      params.push({ symbol: s, key: e.key, index: [], flat: e.offset, frozen: e.frozen });
      biasSyms.set(e.layer, Array<Expr>((spec.layers[e.layer] as LinearSpec).out).fill(s));
    } else {
      biasSyms.set(e.layer, Array.from({ length: e.size }, (_, r) => {
        const s = symbol(subscripted(names.bias, ++b));
        params.push({ symbol: s, key: e.key, index: [r], flat: e.offset + r, frozen: e.frozen });
        return s;
      }));
    }
  }

  for (const e of layout.entries) {
    if (e.kind !== 'learned') continue;
    const base = learnableOf(spec.layers[e.layer]!.type)!.symbol;
    learnedSyms.set(e.layer, Array.from({ length: e.size }, (_, r) => {
      const k = (learnedCount.get(base) ?? 0) + 1;
      learnedCount.set(base, k);
      const s = symbol(subscripted(base, k));
      params.push({ symbol: s, key: e.key, index: [r], flat: e.offset + r, frozen: e.frozen });
      return s;
    }));
  }

  const width0 = spec.data.x[0]!.length;
  const inputs: DataSymbol[] = [];
  const targets: DataSymbol[] = [];
  const assignments: Assignment[] = [];
  const modules: Expr[][][] = spec.layers.map(() => []);
  const outputs: Expr[][] = [];
  const ys: Expr[][] = [];
  const last = spec.layers.length - 1;
  const outWidth = spec.layers.reduce((wd, l) => (l.type === 'linear' ? l.out : wd), width0);

  for (let n = 0; n < batch; n++) {
    let prev = Array.from({ length: width0 }, (_, i) => {
      const s = per(width0 === 1 && opts.bareSingleInput ? names.input : subscripted(names.input, i + 1), n);
      inputs.push({ symbol: s, sample: n, index: i });
      return s;
    });
    const counters = new Counters();
    spec.layers.forEach((layer, li) => {
      const width = layer.type === 'linear' ? layer.out : prev.length;
      const outName = (j: number, base: string, index: number) =>
        li === last && !opts.keepOutputNames ? per(outWidth === 1 ? names.output : subscripted(names.output, j + 1), n) : per(subscripted(base, index), n);
      let exprs: Expr[];
      let syms: Expr[];
      if (layer.type === 'linear') {
        const W = weightSyms.get(li)!;
        const bias = biasSyms.get(li);
        // z_j = Σ_i W_{ji} a_i + b_j
        exprs = W.map((row, j) => B.add(B.sum(row.map((wji, i) => B.mul(wji, prev[i]!))), bias?.[j] ?? constant(0)));
        const idx = counters.take(names.pre, width);
        syms = exprs.map((_, j) => outName(j, names.pre, idx[j]!));
      } else {
        const slopes = learnedSyms.get(li);
        exprs = isRowSpec(layer) ? ROW_LAYERS[layer.type].forms(prev, opts) : prev.map((z, j) => (layer.type === 'custom' ? instantiate(layer.f, { x: z })
          : activationFormula(layer, z, opts.textbook, slopes?.[slopes.length === 1 ? 0 : j])));
        const base = layer.type === 'sigmoid' ? names.sigmoid : layer.type === 'softmax' ? names.softmax : names.activation;
        const prevLayer = spec.layers[li - 1];
        const idx = opts.countActivations
          ? counters.take(base, width)
          : counters.follow(base, width, prevLayer?.type === 'linear' ? counters.lastOf(names.pre) : undefined);
        syms = exprs.map((_, j) => outName(j, base, idx[j]!));
      }
      if (opts.inline) syms = exprs;
      else syms.forEach((s, j) => assignments.push({ target: s, expr: exprs[j]! }));
      modules[li]!.push(syms);
      prev = syms;
    });
    outputs.push(prev);
    if (indexTargets(spec.loss) && opts.runtimeClasses) {
      const s = per(names.target, n);
      targets.push({ symbol: s, sample: n, index: 0 });
      ys.push([s]);
    } else if (indexTargets(spec.loss)) {
      ys.push([constant(spec.data.y[n]![0]!)]);
    } else {
      ys.push(Array.from({ length: outWidth }, (_, k) => {
        const s = per(outWidth === 1 ? names.target : subscripted(names.target, k + 1), n);
        targets.push({ symbol: s, sample: n, index: k });
        return s;
      }));
    }
  }
  const loss = symbol(names.loss);
  const probs = opts.softmaxProbabilities && spec.loss.type === 'cross_entropy' && !softTargets(spec.loss) ? probabilityCrossEntropy(
    spec.loss, outputs, spec.data.y.map((row) => row[0]!), (k, n) => per(subscripted(names.probability, k + 1), n)) : undefined;
  assignments.push(...(probs?.assignments ?? []));
  assignments.push({ target: loss, expr: probs?.loss ?? totalLoss(spec.loss, outputs, ys, opts, opts.verbatimLossSum) });
  const program = new Program(assignments);
  const trainable = params.filter((p) => !p.frozen).map((p) => p.symbol);
  let grad: ProgramGradient | undefined;
  // σ(z_1) → σ_1: a definition that reappears inside a derivative is replaced by its symbol.
  const byDef = new Map<Expr, Expr>(assignments.filter((a) => a.expr.op !== 'sym' && a.expr.op !== 'const').map((a) => [a.expr, a.target]));
  const fold = (e: Expr) => substitute(e, byDef, B.apply);
  const gradient = () => (grad ??= programGradient(program, loss, trainable));
  const initial = flattenParams(spec, layout);
  const byName = new Map(params.map((p) => [p.symbol, p]));

  return {
    spec, program, loss, layout, params, trainable, inputs, targets, modules, outputs, probs: probs?.assignments ?? [],
    gradient,
    fold,
    closedForm: (theta, o = {}) => {
      const adj = gradient().adjoint.get(theta) ?? constant(0);
      return simplify(o.inline ? program.inline(adj) : fold(adj));
    },
    env: (flat = initial) => {
      const env: Record<string, number> = {};
      for (const p of params) env[p.symbol.name] = flat[p.flat]!;
      for (const d of inputs) env[d.symbol.name] = spec.data.x[d.sample]![d.index]!;
      for (const d of targets) env[d.symbol.name] = spec.data.y[d.sample]![d.index]!;
      return env;
    },
    describe: (s) => {
      const p = byName.get(s);
      return p && `"${p.key}"${p.index.map((i) => `[${i}]`).join('')}`;
    },
  };
}

/**
 * Numbering of neurons per symbol base: z counts through every Linear layer; an activation right
 * after a Linear reuses that layer's numbers (σ_j = σ(z_j)) unless its base already used them.
 */
class Counters {
  private readonly used = new Map<string, number>();
  private readonly last = new Map<string, number[]>();

  take(base: string, n: number): number[] {
    const start = this.used.get(base) ?? 0;
    const idx = Array.from({ length: n }, (_, j) => start + j + 1);
    this.used.set(base, start + n);
    this.last.set(base, idx);
    return idx;
  }

  lastOf(base: string): number[] | undefined {
    return this.last.get(base);
  }

  follow(base: string, n: number, like: number[] | undefined): number[] {
    const start = this.used.get(base) ?? 0;
    if (like && like.length === n && like[0]! > start) {
      this.used.set(base, like[n - 1]!);
      return like;
    }
    return this.take(base, n);
  }
}

/**
 * Why the network is too large for the scalar view — more parameters than `maxParams`, or more
 * per-sample scalar nodes (z, σ, ŷ over the batch) than `maxNodes` — or undefined when it fits.
 */
export function scalarViewRefusal(spec: NetworkSpec, opts: ScalarOptions = {}, layout: ParamLayout = paramLayout(spec)): string | undefined {
  const maxParams = opts.maxParams ?? SCALAR_LIMITS.params;
  const maxNodes = opts.maxNodes ?? SCALAR_LIMITS.nodes;
  let width = spec.data.x[0]!.length;
  let perSample = 0;
  for (const l of spec.layers) {
    if (l.type === 'linear') width = l.out;
    perSample += width;
  }
  const nodes = perSample * spec.data.x.length;
  if (layout.size <= maxParams && nodes <= maxNodes) return undefined;
  return `the network has ${layout.size} parameters and ${nodes} scalar nodes over its batch; the scalar view ` +
    `writes out one symbol per weight and neuron and is limited to ${maxParams} parameters and ${maxNodes} nodes — ` +
    'use the matrix view (Z^{(l)} = X W^{(l)ᵀ} + b^{(l)}, src/nn/matrix) for networks this size';
}
