/**
 * The exact values a document's symbols should have, from the network: symgrad's scalar view
 * names them the way tutorials do (W_i, b_i, x_i, y, z_j, σ_j, ŷ, 𝓛) and `train` gives their
 * float64 values, ∂𝓛/∂θ and the parameters after one optimizer step. On top of those this module
 * adds the names a worked example also uses: the last activation by its number (σ_3 ≡ ŷ), `L` for
 * 𝓛, ∂𝓛/∂s for every intermediate s (the chain rule's adjoints), every local factor ∂t/∂s of one
 * assignment, W_i(t+1) after the step, and α / η for the learning rate.
 */
import { evaluate } from '../expr/eval.js';
import { freeSymbols, type Expr } from '../expr/node.js';
import type { Diagnosis } from './diagnose.js';
import { train } from '../nn/evaluate.js';
import type { Tensor } from '../nn/params.js';
import { scalarView, type ParamSymbol } from '../nn/scalar.js';
import type { NetworkSpec } from '../nn/spec.js';
import { displayName, parsePartial, partialName, updatedName } from './names.js';
import { wrongTarget } from './targets.js';
import { fmt } from './values.js';

export interface ParamInfo {
  /** `"0.weight"[1][0]`. */
  readonly where: string;
  /** The symbol at the transposed position of the same weight matrix, if any. */
  readonly transposed?: string;
}

export interface Truth {
  readonly spec: NetworkSpec;
  /** Exact value of a document symbol (aliases resolved), or undefined. */
  value(name: string): number | undefined;
  /** Every known symbol and its value (for "another known value fits"). */
  readonly all: ReadonlyMap<string, number>;
  param(name: string): ParamInfo | undefined;
  /** The value after one optimizer step, where a document may quote it under the same name (𝓛). */
  afterStep(name: string): number | undefined;
  /** ∂𝓛/∂θ for a parameter name. */
  gradOf(name: string): number | undefined;
  readonly lr: number;
  readonly lossName: string;
  /** The document's own name for a network quantity, where bind.ts found one. */
  docName?(name: string): string | undefined;
  /**
   * Does one slip in the network's own formula explain a wrong forward value — one input or
   * parameter with its sign flipped, two transposed weights, or one weight for another?
   */
  explain(name: string, claimed: number, tol: number): Diagnosis | undefined;
}

const at = (t: Tensor | null | undefined, index: readonly number[]): number | undefined => {
  let v: unknown = t;
  for (const i of index) v = Array.isArray(v) ? v[i] : undefined;
  return typeof v === 'number' ? v : undefined;
};

/** Which parts of the spec are real: a model read from code may lack its loss or optimizer. */
export interface TruthOptions {
  readonly loss?: boolean;
  readonly optimizer?: boolean;
}

export function buildTruth(spec: NetworkSpec, known: TruthOptions = {}): Truth {
  const hasLoss = known.loss ?? true;
  const hasOptimizer = known.optimizer ?? true;
  const view = scalarView(spec);
  const result = train(spec, { steps: 1 });
  const values = new Map<string, number>();
  const env: Record<string, number> = { ...view.env(), ...result.symbols };
  for (const [k, v] of Object.entries(env)) values.set(k, v);
  const lossName = view.loss.name;
  const aliases = aliasesOf(view.program.targets, view.modules, spec);

  const params = new Map<string, ParamInfo>();
  const grads = new Map<string, number>();
  const byKeyIndex = new Map(view.params.map((p) => [`${p.key}${p.index.join(',')}`, p]));
  for (const p of view.params) {
    const name = p.symbol.name;
    const g = at(result.grad[p.key], p.index);
    if (g !== undefined) {
      grads.set(name, g);
      values.set(partialName(lossName, name), g);
    }
    const after = at(result.params_after[p.key], p.index);
    if (after !== undefined) values.set(updatedName(name), after);
    params.set(name, { where: view.describe(p.symbol) ?? p.key, ...transposedOf(p, byKeyIndex) });
  }
  // ∂𝓛/∂s for every intermediate on a path from 𝓛 (the adjoints δ of the chain rule).
  for (const [s, adj] of view.gradient().adjoint) {
    if (s.op !== 'sym' || values.has(partialName(lossName, s.name))) continue;
    values.set(partialName(lossName, s.name), evaluate(adj, env));
  }
  // Every local factor ∂t/∂s of one assignment (∂ŷ/∂z_3, ∂z_3/∂W_5, …).
  for (const t of view.program.targets) {
    for (const s of view.program.uses(t)) values.set(partialName(t.name, s.name), evaluate(view.program.local(t, s), env));
  }
  if (hasLoss) sampleLosses(spec, lossName, values);
  if (spec.loss.type === 'cross_entropy' && spec.data.x.length === 1) softmaxOutputs(values);
  else if (spec.data.x.length === 1) outputTerms(view, env, values, lossName);
  if (!hasLoss) for (const k of [...values.keys()]) if (k === lossName || parsePartial(k)?.num === lossName) values.delete(k);
  if (!hasLoss || !hasOptimizer) for (const k of [...values.keys()]) if (k.endsWith('(t+1)')) values.delete(k);
  if (!hasLoss) grads.clear();
  const lr = spec.optimizer.lr;
  const resolve = (name: string): string => {
    const p = parsePartial(name);
    if (p) return partialName(resolve(p.num), resolve(p.den));
    const upd = /^(.*)\(t\+1\)$/.exec(name);
    if (upd) return updatedName(resolve(upd[1]!));
    // δ_j = ∂𝓛/∂z_j, the usual name of the backward pass's error terms.
    const delta = /^\\delta_(\d|\{\d+\})$/.exec(name);
    if (delta) return partialName(lossName, `z_${delta[1]}`);
    // L^{(2)}: sample 2's own loss (samples.ts names a per-sample quantity so).
    const sample = /^(.+)(\^\{\(\d+\)\})$/.exec(name);
    if (sample && !values.has(name) && aliases.has(sample[1]!)) return `${aliases.get(sample[1]!)}${sample[2]}`;
    return aliases.get(name) ?? name;
  };
  return {
    spec,
    value: (name) => {
      if (name === '\\alpha' || name === '\\eta' || name === '\\mathrm{lr}') return hasOptimizer ? lr : undefined;
      const opt = spec.optimizer as { betas?: readonly number[]; eps?: number };
      if (hasOptimizer && opt.betas && (name === '\\beta_1' || name === '\\beta_2')) return opt.betas[name === '\\beta_1' ? 0 : 1];
      if (hasOptimizer && opt.eps !== undefined && (name === '\\epsilon' || name === '\\varepsilon')) return opt.eps;
      return values.get(resolve(name));
    },
    all: values,
    param: (name) => params.get(resolve(name)),
    afterStep: (name) => (hasLoss && hasOptimizer && resolve(name) === lossName ? result.losses[0] : undefined),
    gradOf: (name) => grads.get(resolve(name)),
    lr,
    lossName,
    explain: (name, claimed, tol) => {
      const target = view.program.targets.find((t) => t.name === resolve(name));
      if (!target) return hasLoss ? derivativeTarget(view, env, resolve(name), lossName, claimed, tol) : undefined;
      if (!hasLoss && target.name === lossName) return undefined;
      const f = view.program.inline(target);
      const near = (e: Record<string, number>) => Math.abs(evaluate(f, e) - claimed) <= tol + 1e-12;
      const inputs = freeSymbols(f).map((x) => x.name);
      for (const x of inputs) {
        if (env[x] !== 0 && near({ ...env, [x]: -env[x]! })) {
          return { cause: 'sign-slip', severity: 'error', explain: `sign slip: the value fits ${displayName(x)} = ${fmt(-env[x]!)} instead of ${fmt(env[x]!)}` };
        }
      }
      for (const x of inputs) {
        const other = params.get(x)?.transposed;
        if (other && near({ ...env, [x]: env[other]!, [other]: env[x]! })) {
          return { cause: 'transposed-index', severity: 'error', explain: `transposed weight index: the value fits ${displayName(x)} and ${displayName(other)} exchanged (${params.get(x)!.where} and ${params.get(other)!.where})` };
        }
      }
      for (const x of inputs) {
        for (const other of params.keys()) {
          if (other !== x && params.has(x) && near({ ...env, [x]: env[other]! })) {
            return { cause: 'wrong-operand', severity: 'error', explain: `wrong operand: the value fits ${displayName(other)} = ${fmt(env[other]!)} in place of ${displayName(x)}` };
          }
        }
      }
      return wrongTarget(f, env, claimed, tol);
    },
  };
}

/** ∂𝓛/∂s printed with the value it has for another target or sample (targets.ts). */
function derivativeTarget(view: ReturnType<typeof scalarView>, env: Record<string, number>, name: string, lossName: string, claimed: number, tol: number): Diagnosis | undefined {
  const p = parsePartial(name);
  if (!p || p.num !== lossName) return undefined;
  for (const [s, adj] of view.gradient().adjoint) if (s.op === 'sym' && s.name === p.den) return wrongTarget(adj, env, claimed, tol);
  return undefined;
}

function transposedOf(p: ParamSymbol, byKeyIndex: Map<string, ParamSymbol>): { transposed?: string } {
  if (p.index.length !== 2 || p.index[0] === p.index[1]) return {};
  const q = byKeyIndex.get(`${p.key}${p.index[1]},${p.index[0]}`);
  return q ? { transposed: q.symbol.name } : {};
}

/**
 * Other names for the network's symbols: `L` for 𝓛, and the output layer by the number its
 * neurons would have had (the last sigmoid after z_3 is also σ_3; a last Linear's output z_j).
 */
function aliasesOf(targets: readonly Expr[], modules: readonly (readonly (readonly Expr[])[])[], spec: NetworkSpec): Map<string, string> {
  const out = new Map<string, string>([['L', '\\mathcal{L}'], ['\\mathcal{L}(t)', '\\mathcal{L}']]);
  if (spec.data.x.length !== 1) return out;
  const last = spec.layers.length - 1;
  const lastLayer = spec.layers[last]!;
  const outputs = modules[last]?.[0] ?? [];
  const zCount = targets.filter((t) => /^z_/.test(t.name)).length;
  if (lastLayer.type === 'linear') {
    outputs.forEach((s, k) => out.set(zName(zCount + k + 1), s.name));
    return out;
  }
  const before = modules[last - 1]?.[0] ?? [];
  const base = lastLayer.type === 'sigmoid' ? '\\sigma' : 'a';
  if (spec.layers[last - 1]?.type === 'linear' && before.length === outputs.length) {
    before.forEach((z, k) => {
      const m = /^z_\{?(\d+)\}?$/.exec(z.name);
      if (m) out.set(`${base}_${m[1]!.length === 1 ? m[1] : `{${m[1]}}`}`, outputs[k]!.name);
    });
  }
  if (outputs.length === 1) out.set('\\hat{y}_1', outputs[0]!.name);
  return out;
}

const zName = (j: number) => (j < 10 ? `z_${j}` : `z_{${j}}`);

/**
 * The loss of one output, E_k (named 𝓛_k), where the loss is a sum of per-output terms that
 * vanish at the target (½(y − ŷ)² summed): E_k is the loss with every other output at its
 * target. Its derivatives follow the output's own path: ∂E_k/∂ŷ_k, ∂E_k/∂z_k and ∂E_k/∂s for
 * each input s of z_k (Mazur's ∂E_o1/∂out_h1).
 */
function outputTerms(view: ReturnType<typeof scalarView>, env: Record<string, number>, values: Map<string, number>, lossName: string): void {
  const loss = view.program.targets.find((t) => t.name === lossName);
  const def = loss ? view.program.definition(loss) : undefined;
  const outs = view.program.targets.filter((t) => /^\\hat\{y\}_/.test(t.name));
  if (!def || outs.length < 2) return;
  const targetOf = (k: number) => env[`y_${k + 1}`];
  if (outs.some((_, k) => targetOf(k) === undefined)) return;
  const at = (keep: number) => evaluate(def, { ...env, ...Object.fromEntries(outs.flatMap((o, j) => (j === keep ? [] : [[o.name, targetOf(j)!]]))) });
  if (Math.abs(at(-1)) > 1e-15) return;
  const adjoint = view.gradient().adjoint;
  outs.forEach((o, k) => {
    const name = `\\mathcal{L}_${k + 1}`;
    values.set(name, at(k));
    const adj = adjoint.get(o);
    if (!adj) return;
    const dOut = evaluate(adj, env);
    values.set(partialName(name, o.name), dOut);
    for (const z of view.program.uses(o)) {
      const dz = dOut * evaluate(view.program.local(o, z), env);
      values.set(partialName(name, z.name), dz);
      for (const s of view.program.uses(z)) values.set(partialName(name, s.name), dz * evaluate(view.program.local(z, s), env));
    }
  });
}

/** For a batch, each sample's own loss 𝓛^{(k)}: the loss of that sample alone (up to 16 samples). */
function sampleLosses(spec: NetworkSpec, lossName: string, values: Map<string, number>): void {
  const n = spec.data.x.length;
  if (n < 2 || n > 16) return;
  for (let k = 0; k < n; k++) {
    const single: NetworkSpec = { ...spec, data: { x: [spec.data.x[k]!], y: [spec.data.y[k]!] } };
    values.set(`${lossName}^{(${k + 1})}`, train(single, { steps: 1 }).loss);
  }
}

/**
 * With cross-entropy the network's outputs ŷ_k are logits; the softmax probabilities a worked
 * example computes from them are added as p_k (bind.ts reads a document's ŷ_k as p_k when its
 * numbers say so).
 */
function softmaxOutputs(values: Map<string, number>): void {
  const logits = [...values.keys()].filter((k) => /^\\hat\{y\}_/.test(k)).map((k) => [k, values.get(k)!] as const);
  if (logits.length < 2) return;
  const m = Math.max(...logits.map(([, v]) => v));
  const sum = logits.reduce((acc, [, v]) => acc + Math.exp(v - m), 0);
  logits.forEach(([name, v]) => values.set(name.replace('\\hat{y}', 'p'), Math.exp(v - m) / sum));
}
