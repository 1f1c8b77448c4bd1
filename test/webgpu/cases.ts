/**
 * The networks the WebGPU tests run, and their float64 references computed in Node: the matrix
 * interpreter's loss and ∂L/∂θ, and the JS backend's parameters after the same optimizer steps.
 * Cases cover every activation, loss and optimizer (cycled together, as in the compiler's own
 * tests), batch 1 and > 1, and sizes that are not multiples of the kernels' tiles (64×64
 * products, 16-column reductions, 64-thread workgroups).
 */
import { compileGradient } from '../../src/compile/index.js';
import { lowerMatrixView } from '../../src/compile/tensor.js';
import { isClassLoss } from '../../src/nn/catalog/losses.js';
import { networkFromObject } from '../../src/nn/load.js';
import { evaluateView, matrixView } from '../../src/nn/matrix/index.js';
import { flattenParams, paramLayout } from '../../src/nn/params.js';
import type { NetworkSpec } from '../../src/nn/spec.js';
import { ACTIVATIONS, LOSSES, OPTIMIZERS } from '../compile/nets.js';
import { toPortable, type Case } from './portable.js';

export interface Reference {
  readonly loss: number;
  readonly grad: Float64Array;
  /** Parameters after `steps` optimizer steps (float64 JS backend), and the loss before each. */
  readonly after: Float64Array;
  readonly losses: number[];
}

/** Deterministic data: x in (−2, 2), targets by loss kind. */
export function dataFor(batch: number, inF: number, outF: number, loss: string, salt: number): { x: number[][]; y: number[][] } {
  const x = Array.from({ length: batch }, (_, b) => Array.from({ length: inF }, (_, i) => 2 * Math.sin(salt + 1.7 * b + 0.37 * i)));
  const y = Array.from({ length: batch }, (_, b) =>
    isClassLoss(loss) ? [(b * 7 + salt) % outF] : Array.from({ length: outF }, (_, k) => (loss.startsWith('bce') ? 0.5 + 0.45 * Math.cos(salt + b + 3 * k) : Math.cos(salt + b - k))),
  );
  return { x, y };
}

export function kindsNetwork(i: number, batch: number, widths: readonly number[]): NetworkSpec {
  const loss = LOSSES[i % LOSSES.length]!;
  const act = ACTIVATIONS[i % ACTIVATIONS.length]!;
  const optimizer = OPTIMIZERS[i % OPTIMIZERS.length]!;
  const isCE = isClassLoss(loss.type); // cross_entropy and nll: one class index per sample
  const w = [...widths];
  if (isCE) w[w.length - 1] = Math.max(2, w.at(-1)!);
  const layers: unknown[] = [];
  for (let l = 0; l + 1 < w.length; l++) {
    // Vary the bias kinds and freezing by layer and case.
    // A shared bias just before a row layer (softmax, softmin, log_softmax: shift-invariant) has an
    // exactly zero gradient; float32 leaves ~1e-9 of rounding there, which Adam normalizes into a
    // full learning-rate step — float32 behaviour, not a kernel error — so that pairing is not drawn.
    const beforeRow = l + 2 < w.length && ['softmax', 'softmin', 'log_softmax'].includes((act as { type: string }).type);
    const bias = (i + l) % 5 === 3 && !beforeRow ? { shared: 0.25 } : (i + l) % 7 === 5 ? false : true;
    const freeze = (i + l) % 6 === 4 ? ['weight'] : [];
    layers.push({ type: 'linear', in: w[l], out: w[l + 1], bias, freeze });
    if (l + 2 < w.length) layers.push(act);
  }
  if (loss.type === 'bce') layers.push({ type: 'sigmoid' });
  const data = dataFor(batch, w[0]!, w.at(-1)!, loss.type, i);
  return networkFromObject({ name: `case ${i}`, seed: 100 + i, layers, loss, optimizer, data });
}

export function caseOf(spec: NetworkSpec, steps: number): { input: Case; ref: Reference } {
  const layout = paramLayout(spec);
  const batch = spec.data.x.length;
  const program = toPortable(lowerMatrixView(spec, matrixView(spec), layout, batch));
  const params = [...flattenParams(spec, layout)];
  const v = evaluateView(matrixView(spec));
  const c = compileGradient(spec, { view: 'matrix' });
  const p = c.initialParams();
  const { x, y } = c.data();
  const losses: number[] = [];
  for (let s = 0; s < steps; s++) losses.push(c.step(p, x, y));
  return {
    input: { program, params, x: spec.data.x.flat(), y: spec.data.y.flat(), steps },
    ref: { loss: v.loss, grad: Float64Array.from(v.grad), after: Float64Array.from(p), losses },
  };
}
