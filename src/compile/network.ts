/**
 * Lowering of a network's layers straight into a LoopProgram (the `loops: 'layers'` option; the
 * default lowers the matrix view's derived program, tensor.ts): the forward pass
 * Z⁽ˡ⁾ = A⁽ˡ⁻¹⁾W⁽ˡ⁾ᵀ + b⁽ˡ⁾, A⁽ˡ⁾ = f(Z⁽ˡ⁾), the loss and δ = ∂L/∂ŷ, then the backward pass layer by
 * layer: δZ = δA ⊙ f′(Z), ∂L/∂W = δZᵀA⁽ˡ⁻¹⁾, ∂L/∂b = Σ_rows δZ, δA⁽ˡ⁻¹⁾ = δZ·W. Elementwise steps
 * are lowered from the scalar expressions of elementwise.ts (derivatives derived symbolically).
 * Also home of the optimizer's update loops, shared by every lowering.
 */
import * as B from '../expr/build.js';
import type { ParamEntry, ParamLayout } from '../nn/params.js';
import type { ActivationSpec, NetworkSpec } from '../nn/spec.js';
import { activationPair, lossPair, A, D, X, Y, YHAT } from './elementwise.js';
import { lowerScalars } from './lower.js';
import type { LoopProgram, Step, View, WorkBuffer } from './loops.js';
import { updateExprs } from './optimizer.js';

type Layout = ParamLayout;
type LayoutEntry = ParamEntry;
type Elementwise = Exclude<ActivationSpec, { type: 'softmax' }>;

const entryFor = (layout: Layout, layer: number, kind: 'weight' | 'bias'): LayoutEntry | undefined =>
  layout.entries.find((e) => e.layer === layer && e.kind === kind);

type Record_ =
  | { kind: 'linear'; layer: number; input: View; inputName: string; inW: number; outW: number; weight: LayoutEntry; bias?: LayoutEntry }
  | { kind: 'act'; layer: number; act: Elementwise; z: View; a: View; width: number }
  | { kind: 'softmax'; layer: number; a: View; width: number };

export function lowerNetwork(spec: NetworkSpec, layout: Layout, batch: number): LoopProgram {
  const work: WorkBuffer[] = [];
  const alloc = (size: number, note: string): View => {
    const id = work.length;
    work.push({ id, size, note });
    return { array: { kind: 'work', id }, offset: 0 };
  };
  const param = (e: LayoutEntry): View => ({ array: { kind: 'param' }, offset: e.offset });
  const gradOf = (e: LayoutEntry): View => ({ array: { kind: 'grad' }, offset: e.offset });

  const first = spec.layers.find((l) => l.type === 'linear');
  const inFeatures = first && first.type === 'linear' ? first.in : (spec.data.x[0]?.length ?? 0);
  const fwd: Step[] = [];
  const records: Record_[] = [];
  let cur: View = { array: { kind: 'x' }, offset: 0 };
  let curName = 'X';
  let width = inFeatures;

  spec.layers.forEach((layer, li) => {
    if (layer.type === 'linear') {
      const weight = entryFor(layout, li, 'weight')!;
      const bias = entryFor(layout, li, 'bias');
      const z = alloc(batch * layer.out, `Z of layer ${li} (${batch} x ${layer.out})`);
      fwd.push({
        kind: 'matmulNT', out: z, a: cur, b: param(weight), m: batch, n: layer.out, k: layer.in,
        ...(bias ? { bias: { view: param(bias), shared: bias.size === 1 } } : {}),
        note: `Z${li} = ${curName} W${li}^T${bias ? ` + b${li}` : ''}`,
      });
      records.push({ kind: 'linear', layer: li, input: cur, inputName: curName, inW: layer.in, outW: layer.out, weight, ...(bias ? { bias } : {}) });
      cur = z;
      curName = `Z${li}`;
      width = layer.out;
    } else if (layer.type === 'softmax') {
      const a = alloc(batch * width, `A of layer ${li} (${batch} x ${width})`);
      fwd.push({ kind: 'softmax', out: a, in: cur, rows: batch, cols: width, note: `A${li} = softmax(${curName}) by rows` });
      records.push({ kind: 'softmax', layer: li, a, width });
      cur = a;
      curName = `A${li}`;
    } else if (layer.type !== 'identity') {
      const { f } = activationPair(layer);
      const a = alloc(batch * width, `A of layer ${li} (${batch} x ${width})`);
      fwd.push({ kind: 'map', n: batch * width, inputs: [cur], block: lowerScalars([f], [X]), stores: [a], note: `A${li} = ${layer.type}(${curName}) elementwise` });
      records.push({ kind: 'act', layer: li, act: layer, z: cur, a, width });
      cur = a;
      curName = `A${li}`;
    }
  });

  // Loss and δ = ∂L/∂ŷ.
  const outW = width;
  const dOut = alloc(batch * outW, `dL/dout (${batch} x ${outW})`);
  const lossSteps: Step[] = [];
  const yView: View = { array: { kind: 'y' }, offset: 0 };
  const loss = spec.loss;
  let yLength = batch * outW;
  if (loss.type === 'cross_entropy') {
    yLength = batch;
    lossSteps.push({
      kind: 'crossEntropy', logits: cur, target: yView, dz: dOut, rows: batch, cols: outW,
      smoothing: loss.label_smoothing, scale: loss.reduction === 'mean' ? 1 / batch : 1,
      note: 'L = cross_entropy(Z, t); dZ = softmax(Z) - onehot(t)',
    });
  } else {
    const { l, dl } = lossPair(loss);
    const scale = loss.reduction === 'mean' ? 1 / (batch * outW) : 1;
    const block = lowerScalars([l, B.mul(dl, B.constant(scale))], [YHAT, Y]);
    lossSteps.push({
      kind: 'map', n: batch * outW, inputs: [cur, yView], block, stores: [null, dOut], sum: { output: 0, scale },
      note: 'L = reduction of the loss terms; dL/dout = their derivative, scaled by the reduction',
    });
  }

  // Backward, last layer first. `needInputGrad` stops once no earlier layer has trainable tensors.
  const bwd: Step[] = [];
  let dCur = dOut;
  const trainableBefore = (li: number) =>
    layout.entries.some((e) => e.layer < li && !e.frozen);
  for (let r = records.length - 1; r >= 0; r--) {
    const rec = records[r]!;
    // A linear layer still owes its own gradients; an activation only matters if layers below learn.
    if (!trainableBefore(rec.kind === 'linear' ? rec.layer + 1 : rec.layer)) break;
    if (rec.kind === 'act') {
      const { df } = activationPair(rec.act);
      const dz = alloc(batch * rec.width, `dZ of layer ${rec.layer}`);
      bwd.push({
        kind: 'map', n: batch * rec.width, inputs: [rec.z, rec.a, dCur], block: lowerScalars([B.mul(D, df)], [X, A, D]),
        stores: [dz], note: `dZ = dA * f'(Z) at layer ${rec.layer}`,
      });
      dCur = dz;
    } else if (rec.kind === 'softmax') {
      const dz = alloc(batch * rec.width, `dZ of layer ${rec.layer}`);
      bwd.push({ kind: 'softmaxBack', dz, a: rec.a, da: dCur, rows: batch, cols: rec.width, note: `dZ = A * (dA - rowsum(dA * A)) at layer ${rec.layer}` });
      dCur = dz;
    } else {
      const { weight, bias, inW, outW: o } = rec;
      if (weight.frozen) {
        bwd.push({ kind: 'zero', view: gradOf(weight), n: weight.size, note: `layer ${rec.layer} weight is frozen` });
      } else {
        // dW = dZ^T X, as (dZ^T)(X^T)^T so that the inner loop runs along the batch.
        const dzT = transposed(bwd, alloc, dCur, batch, o, `dZ${rec.layer}^T`);
        const xT = transposed(bwd, alloc, rec.input, batch, inW, `${rec.inputName}^T`);
        bwd.push({ kind: 'matmulNT', out: gradOf(weight), a: dzT, b: xT, m: o, n: inW, k: batch, note: `dL/dW${rec.layer} = dZ${rec.layer}^T ${rec.inputName}` });
      }
      if (bias) {
        if (bias.frozen) bwd.push({ kind: 'zero', view: gradOf(bias), n: bias.size, note: `layer ${rec.layer} bias is frozen` });
        else bwd.push({ kind: 'colSum', out: gradOf(bias), in: dCur, rows: batch, cols: o, shared: bias.size === 1, note: `dL/db${rec.layer} = column sums of dZ${rec.layer}` });
      }
      if (trainableBefore(rec.layer)) {
        // dA_prev = dZ W, as dZ (W^T)^T.
        const wT = transposed(bwd, alloc, param(weight), o, inW, `W${rec.layer}^T`);
        const dPrev = alloc(batch * inW, `dA before layer ${rec.layer}`);
        bwd.push({ kind: 'matmulNT', out: dPrev, a: dCur, b: wT, m: batch, n: inW, k: o, note: `dL/d${rec.inputName} = dZ${rec.layer} W${rec.layer}` });
        dCur = dPrev;
      }
    }
  }
  // Frozen tensors that the backward pass never reached still get a zero gradient.
  const reached = new Set<number>();
  for (const s of bwd) reached.add(viewOffset(s));
  for (const e of layout.entries) {
    if (e.frozen && !reached.has(e.offset)) bwd.push({ kind: 'zero', view: gradOf(e), n: e.size, note: `${e.kind} of layer ${e.layer} is frozen` });
  }

  const { update, state, uniforms } = lowerUpdate(spec, layout);
  return {
    batch, inFeatures, yLength, paramCount: layout.size, work,
    grad: [...fwd, ...lossSteps, ...bwd], update, state,
    uniforms: { beta1: spec.optimizer.type === 'sgd' ? 0 : spec.optimizer.betas[0], beta2: spec.optimizer.type === 'sgd' ? 0 : spec.optimizer.betas[1], used: uniforms },
  };
}

function viewOffset(s: Step): number {
  if (s.kind === 'zero') return s.view.array.kind === 'grad' ? s.view.offset : -1;
  if (s.kind === 'matmulNT' || s.kind === 'colSum') return s.out.array.kind === 'grad' ? s.out.offset : -1;
  return -1;
}

/** A transposed copy, or the same view when one dimension is 1 (the memory is the same). */
function transposed(steps: Step[], alloc: (n: number, note: string) => View, v: View, rows: number, cols: number, what: string): View {
  if (rows === 1 || cols === 1) return v;
  const out = alloc(rows * cols, `${what} (${cols} x ${rows})`);
  steps.push({ kind: 'transpose', out, in: v, rows, cols, note: `${what}` });
  return out;
}

/** One update map per contiguous run of trainable tensors. */
export function lowerUpdate(spec: NetworkSpec, layout: Layout): { update: Step[]; state: WorkBuffer[]; uniforms: LoopProgram['uniforms']['used'] } {
  const u = updateExprs(spec.optimizer);
  const runs: Array<{ offset: number; n: number }> = [];
  for (const e of layout.entries) {
    if (e.frozen) continue;
    const last = runs[runs.length - 1];
    if (last && last.offset + last.n === e.offset) last.n += e.size;
    else runs.push({ offset: e.offset, n: e.size });
  }
  const state: WorkBuffer[] = Array.from({ length: u.stateCount }, (_, id) => ({ id, size: layout.size, note: `optimizer state ${id + 1}` }));
  const block = lowerScalars(u.outputs, u.inputs);
  const update: Step[] = runs.map((run) => {
    const at = (array: View['array']): View => ({ array, offset: run.offset });
    const stateViews = state.map((s) => at({ kind: 'state', id: s.id }));
    return {
      kind: 'map', n: run.n, block,
      inputs: [at({ kind: 'param' }), at({ kind: 'grad' }), ...stateViews, ...u.uniforms.map((uniform) => ({ uniform }))],
      stores: [at({ kind: 'param' }), ...stateViews],
      note: `${spec.optimizer.type} update of parameters ${run.offset}..${run.offset + run.n - 1}`,
    } satisfies Step;
  });
  return { update, state, uniforms: u.uniforms };
}
