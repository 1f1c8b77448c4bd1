/**
 * The matrix view of a network: the forward pass as whole-matrix expressions
 * (Z^{(l)} = A^{(l−1)} W^{(l)⊤} + b^{(l)}, A^{(l)} = σ(Z^{(l)})), the loss with PyTorch's
 * reduction, and the backward pass from one reverse-mode run over the tensor DAG: δ^{(l)} = ∂L/∂Z^{(l)},
 * ∂L/∂W^{(l)} = δ^{(l)⊤} A^{(l−1)}, ∂L/∂b^{(l)} = 𝟏^⊤ δ^{(l)}. Two derivations are kept: `closed`
 * uses the fusion rules (BCE∘σ → (A − Y)/B) and names only the δ's, so a hidden δ reads
 * δ^{(2)} W^{(2)} ⊙ σ′(Z^{(1)}); `chain` applies the plain chain rule and also names every ∂L/∂A,
 * so each gradient is a product of named local factors. Nothing is unrolled to scalars.
 */
import type { NetworkSpec } from '../spec.js';
import { hasLearned, paramLayout, type ParamEntry, type ParamLayout } from '../params.js';
import { SymgradError } from '../../errors.js';
import type { TNode } from './node.js';
import { topoOrder } from './node.js';
import * as T from './build.js';
import { shapeLatex } from './shape.js';
import { activation } from './activations.js';
import { lossGraph, tensorBuilders } from './losses.js';
import { activationEntry, activationFormula, activationTag, indexTargets, isRowSpec, learnableOf, ROW_LAYERS } from '../catalog/index.js';
import { P0, P1 } from './scalar.js';
import { tensorGradient, type TEdge } from './reverse.js';
import { tensorLatex } from './latex.js';

/** A named matrix of the derivation: `id` is plain (`Z1`, `A2`, `delta1`), `tex` is LaTeX. */
export interface NamedTensor {
  readonly id: string;
  readonly tex: string;
  readonly node: TNode;
}

export interface ParamTensor {
  /** state_dict key (`"0.weight"`), as in src/nn/params.ts. */
  readonly key: string;
  /** 1-based number of the Linear layer: the (l) in W^{(l)}. */
  readonly l: number;
  readonly tex: string;
  readonly node: TNode;
  readonly entry: ParamEntry;
}

/** One chain-rule term of a backward step: upstream adjoint times a local factor. */
export interface Term {
  readonly upstream: string;
  readonly local?: string;
  readonly fused?: string;
  readonly contribution: string;
}

/** `lhs = rhs`, with the shape of the value. */
export interface Step {
  readonly id: string;
  readonly lhs: string;
  readonly rhs: string;
  readonly tex: string;
  readonly shape: string;
  readonly node: TNode;
  /** Backward steps: the terms summed into this adjoint. */
  readonly terms?: readonly Term[];
}

export interface Derivation {
  /** δ^{(l)} for every Linear layer whose Z depends on a trainable parameter. */
  readonly deltas: readonly NamedTensor[];
  /** ∂L/∂θ by state_dict key, for every trainable (not frozen) parameter. */
  readonly grads: ReadonlyMap<string, TNode>;
  readonly steps: readonly Step[];
  readonly edges: readonly TEdge[];
  /** Names used when printing (forward values, parameters, δ's, and in `chain` the ∂L/∂A's). */
  readonly names: ReadonlyMap<TNode, string>;
}

export interface MatrixView {
  readonly spec: NetworkSpec;
  readonly layout: ParamLayout;
  readonly X: TNode;
  readonly Y: TNode;
  readonly params: readonly ParamTensor[];
  /** Z^{(l)} and A^{(l)} in network order. */
  readonly forward: readonly NamedTensor[];
  readonly output: TNode;
  readonly loss: TNode;
  readonly forwardSteps: readonly Step[];
  readonly closed: Derivation;
  readonly chain: Derivation;
}

const LOSS_TEX = '\\mathcal{L}';
const partial = (of: string) => `\\frac{\\partial ${LOSS_TEX}}{\\partial ${of}}`;

/** Build the matrix view of a resolved network. Shapes are checked as the program is built. */
export function matrixView(spec: NetworkSpec): MatrixView {
  const layout = paramLayout(spec);
  const entry = new Map(layout.entries.map((e) => [e.key, e]));
  const firstLinear = spec.layers.find((x) => x.type === 'linear');
  let width = spec.data.x[0]?.length ?? (firstLinear?.type === 'linear' ? firstLinear.in : 0);
  const X = T.input('X', 'X', ['B', width]);
  const params: ParamTensor[] = [];
  const forward: NamedTensor[] = [];
  const forwardSteps: Step[] = [];
  const fwdNames = new Map<TNode, string>([[X, 'X']]);
  const name = (t: NamedTensor) => {
    forward.push(t);
    if (!fwdNames.has(t.node)) fwdNames.set(t.node, t.tex);
  };
  let cur = X;
  let l = 0;
  let k = 0;
  spec.layers.forEach((layer, i) => {
    const field = `layers[${i}]`;
    if (layer.type === 'linear') {
      if (layer.in !== width) {
        const why = l === 0 ? `data.x has ${width} columns` : 'the width before this layer';
        throw new SymgradError(`expected in = ${width} (${why}), got ${layer.in}`, { field: `${field}.in` });
      }
      l += 1;
      k = 0;
      const W = T.param(`${i}.weight`, `W^{(${l})}`, [layer.out, layer.in]);
      params.push({ key: `${i}.weight`, l, tex: `W^{(${l})}`, node: W, entry: entry.get(`${i}.weight`)! });
      // Z = A W^⊤ (+ b): nn.Linear on a batch of rows
      let z = T.matmul(cur, W, false, true);
      if (layer.bias.kind !== 'none') {
        const b = T.param(`${i}.bias`, `b^{(${l})}`, [1, layer.bias.kind === 'shared' ? 1 : layer.out]);
        params.push({ key: `${i}.bias`, l, tex: `b^{(${l})}`, node: b, entry: entry.get(`${i}.bias`)! });
        z = T.addBias(z, b);
      }
      name({ id: `Z${l}`, tex: `Z^{(${l})}`, node: z });
      cur = z;
      width = layer.out;
      return;
    }
    if (layer.type === 'identity') return;
    k += 1;
    if (isRowSpec(layer)) cur = ROW_LAYERS[layer.type].matrix(cur, tensorBuilders());
    else if (hasLearned(layer)) {
      // PReLU: f(Z, S) elementwise with its trained slopes S (1 × 1 or 1 × width) broadcast over the batch
      const learnable = learnableOf(layer.type)!;
      const key = `${i}.${learnable.name}`;
      const tex = `${learnable.symbol}^{(${l})}`;
      const S = T.param(key, tex, [1, layer.learned.values.length]);
      params.push({ key, l, tex, node: S, entry: entry.get(key)! });
      const label = `${activationEntry(layer.type).latex}\\left(#1; #2\\right)`;
      cur = T.map2(cur, T.bcast(S, cur.shape), activationFormula(layer, P0, false, P1), [P0, P1], activationTag(layer), label);
    } else {
      const act = activation(layer, field);
      cur = T.map(cur, act.fn, P0, act.tag, act.label);
    }
    name({ id: k === 1 ? `A${l}` : `A${l}_${k}`, tex: k === 1 ? `A^{(${l})}` : `A^{(${l})}_{${k}}`, node: cur });
  });
  const Y = T.input('Y', 'Y', ['B', indexTargets(spec.loss) ? 1 : width]);
  fwdNames.set(Y, 'Y');
  const { loss } = lossGraph(spec.loss, cur, Y);
  for (const p of params) fwdNames.set(p.node, p.tex);
  for (const t of forward) {
    if (forwardSteps.some((s) => s.node === t.node)) continue;
    forwardSteps.push(step(t.id, t.tex, tensorLatex(t.node, fwdNames, true), t.node));
  }
  forwardSteps.push(step('loss', LOSS_TEX, tensorLatex(loss, fwdNames, true), loss));
  const base = { forward, params, loss, fwdNames };
  return {
    spec, layout, X, Y, params, forward, output: cur, loss, forwardSteps,
    closed: derive(base, true),
    chain: derive(base, false),
  };
}

function step(id: string, lhs: string, rhs: string, node: TNode, terms?: readonly Term[]): Step {
  return { id, lhs, rhs, tex: `${lhs} = ${rhs}`, shape: shapeLatex(node.shape), node, ...(terms ? { terms } : {}) };
}

interface Base {
  readonly forward: readonly NamedTensor[];
  readonly params: readonly ParamTensor[];
  readonly loss: TNode;
  readonly fwdNames: ReadonlyMap<TNode, string>;
}

/** One reverse-mode run, named and written out as steps from the last layer to the first. */
function derive(base: Base, fuse: boolean): Derivation {
  const trainable = base.params.filter((p) => !p.entry.frozen);
  const g = tensorGradient(base.loss, trainable.map((p) => p.node), { fuse });
  const names = new Map(base.fwdNames);
  const deltas: NamedTensor[] = [];
  const adjointNames: Array<{ id: string; tex: string; of: NamedTensor }> = [];
  for (const t of base.forward) {
    const adj = g.adjoint.get(t.node);
    if (adj === undefined || adjointNames.some((a) => a.of.node === t.node)) continue;
    const isZ = t.id.startsWith('Z');
    if (!isZ && fuse) continue;
    const nt = isZ ? { id: `delta${t.id.slice(1)}`, tex: `\\delta^{(${t.id.slice(1)})}` } : { id: `dL/d${t.id}`, tex: partial(t.tex) };
    adjointNames.push({ ...nt, of: t });
    if (isZ) deltas.push({ ...nt, node: adj });
    if (!names.has(adj)) names.set(adj, nt.tex);
  }
  const grads = new Map<string, TNode>();
  for (const p of trainable) {
    const gp = g.of.get(p.node)!;
    grads.set(p.key, gp);
  }
  const steps: Step[] = [];
  const termsOf = (node: TNode): Term[] =>
    g.edges.filter((e) => e.child === node).map((e) => {
      const up = g.adjoint.get(e.parent)!;
      return {
        upstream: names.get(up) ?? tensorLatex(up, names),
        ...(e.local ? { local: tensorLatex(e.local, names) } : {}),
        ...(e.fused ? { fused: e.fused } : {}),
        contribution: tensorLatex(e.contribution, names),
      };
    });
  for (const a of [...adjointNames].reverse()) {
    const adj = g.adjoint.get(a.of.node)!;
    const rhs = names.get(adj) === a.tex ? tensorLatex(adj, names, true) : tensorLatex(adj, names);
    steps.push(step(a.id, a.tex, rhs, adj, termsOf(a.of.node)));
    if (!a.of.id.startsWith('Z')) continue;
    const l = Number(a.of.id.slice(1));
    for (const p of trainable.filter((q) => q.l === l)) {
      steps.push(step(`dL/d${p.key}`, partial(p.tex), tensorLatex(grads.get(p.key)!, names), grads.get(p.key)!, termsOf(p.node)));
    }
  }
  return { deltas, grads, steps, edges: g.edges, names };
}

/** Distinct tensor nodes in the loss and the closed-form gradients (linear in depth). */
export function viewNodeCount(v: MatrixView, which: 'closed' | 'chain' = 'closed'): number {
  return topoOrder([v.loss, ...v[which].grads.values()]).length;
}
