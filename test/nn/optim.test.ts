/**
 * Optimizers against an independent, line-by-line transcription of the pseudocode in PyTorch's
 * torch.optim documentation (SGD with momentum, dampening, nesterov and weight decay; Adam with
 * bias correction and L2 weight decay; AdamW with decoupled weight decay), over several steps
 * with state carried between them; frozen positions never move. Then the same through `train`.
 */
import { describe, expect, it } from 'vitest';
import { makeOptimizer } from '../../src/nn/optim.js';
import { mulberry32 } from '../../src/nn/init.js';
import { networkFromObject } from '../../src/nn/load.js';
import { train } from '../../src/nn/evaluate.js';
import { flattenParams, paramLayout, withParams } from '../../src/nn/params.js';
import type { OptimizerSpec } from '../../src/nn/spec.js';

/** torch.optim.SGD, as documented. */
function docSGD(o: Extract<OptimizerSpec, { type: 'sgd' }>) {
  let b: number[] | undefined;
  return (theta: number[], grad: number[]): number[] => {
    let g = grad.map((gi, i) => (o.weight_decay !== 0 ? gi + o.weight_decay * theta[i]! : gi));
    if (o.momentum !== 0) {
      b = b === undefined ? [...g] : b.map((bi, i) => o.momentum * bi + (1 - o.dampening) * g[i]!);
      const bt = b;
      g = o.nesterov ? g.map((gi, i) => gi + o.momentum * bt[i]!) : [...bt];
    }
    return theta.map((t, i) => t - o.lr * g[i]!);
  };
}

/** torch.optim.Adam / AdamW, as documented. */
function docAdam(o: Extract<OptimizerSpec, { type: 'adam' | 'adamw' }>) {
  const [b1, b2] = o.betas;
  let m: number[] | undefined;
  let v: number[] | undefined;
  let t = 0;
  return (theta0: number[], grad: number[]): number[] => {
    t += 1;
    let theta = [...theta0];
    let g = [...grad];
    if (o.type === 'adamw') theta = theta.map((th) => th - o.lr * o.weight_decay * th);
    else if (o.weight_decay !== 0) g = g.map((gi, i) => gi + o.weight_decay * theta[i]!);
    m = (m ?? g.map(() => 0)).map((mi, i) => b1 * mi + (1 - b1) * g[i]!);
    v = (v ?? g.map(() => 0)).map((vi, i) => b2 * vi + (1 - b2) * g[i]! ** 2);
    const mhat = m.map((mi) => mi / (1 - b1 ** t));
    const vhat = v.map((vi) => vi / (1 - b2 ** t));
    return theta.map((th, i) => th - (o.lr * mhat[i]!) / (Math.sqrt(vhat[i]!) + o.eps));
  };
}

const sgd = (p: Partial<Extract<OptimizerSpec, { type: 'sgd' }>>): OptimizerSpec => ({ type: 'sgd', lr: 0.1, momentum: 0, dampening: 0, nesterov: false, weight_decay: 0, ...p });
const adam = (type: 'adam' | 'adamw', p: Partial<Extract<OptimizerSpec, { type: 'adam' | 'adamw' }>> = {}): OptimizerSpec => ({ type, lr: 0.01, betas: [0.9, 0.999], eps: 1e-8, weight_decay: type === 'adamw' ? 0.01 : 0, ...p });

const CASES: [string, OptimizerSpec][] = [
  ['sgd', sgd({})],
  ['sgd weight decay', sgd({ weight_decay: 0.05 })],
  ['sgd momentum', sgd({ momentum: 0.9 })],
  ['sgd momentum + dampening + weight decay', sgd({ momentum: 0.8, dampening: 0.3, weight_decay: 0.01 })],
  ['sgd nesterov', sgd({ momentum: 0.9, nesterov: true })],
  ['sgd nesterov + weight decay', sgd({ lr: 0.5, momentum: 0.7, nesterov: true, weight_decay: 0.1 })],
  ['adam', adam('adam')],
  ['adam weight decay, betas', adam('adam', { weight_decay: 0.1, betas: [0.8, 0.99], lr: 0.05 })],
  ['adam large eps', adam('adam', { eps: 0.1 })],
  ['adamw', adam('adamw')],
  ['adamw strong decay', adam('adamw', { weight_decay: 0.5, lr: 0.1, betas: [0.5, 0.9] })],
];

describe('optimizers follow PyTorch’s documented updates over several steps', () => {
  for (const [name, spec] of CASES) {
    it(name, () => {
      const next = mulberry32(name.length * 7919);
      const n = 7;
      const mask = Uint8Array.from({ length: n }, (_, i) => (i === 3 ? 0 : 1));
      const opt = makeOptimizer(spec, mask);
      const ours = Float64Array.from({ length: n }, () => 2 * next() - 1);
      const frozen = ours[3]!;
      const doc = spec.type === 'sgd' ? docSGD(spec) : docAdam(spec);
      const trainable = [...ours].filter((_, i) => mask[i]);
      let theirs = trainable;
      for (let step = 0; step < 6; step++) {
        const grad = Array.from({ length: n }, () => 2 * next() - 1);
        opt.step(ours, grad);
        theirs = doc(theirs, grad.filter((_, i) => mask[i]));
        const oursTrainable = [...ours].filter((_, i) => mask[i]);
        oursTrainable.forEach((v, i) => expect(Math.abs(v - theirs[i]!)).toBeLessThanOrEqual(1e-12 * (1 + Math.abs(v))));
        expect(ours[3]).toBe(frozen);
      }
      expect(opt.steps).toBe(6);
    });
  }

  it('train() takes N steps with the optimizer’s state carried across them', () => {
    const obj = {
      seed: 4,
      layers: [{ type: 'linear', in: 2, out: 3 }, 'tanh', { type: 'linear', in: 3, out: 1 }],
      loss: 'mse',
      optimizer: { type: 'sgd', lr: 0.2, momentum: 0.9, nesterov: true, weight_decay: 0.01 },
      data: { x: [[0.5, -1], [1, 2]], y: [[0.3], [-0.2]] },
    };
    const spec = networkFromObject(obj);
    const r = train(spec, { steps: 4 });
    const layout = paramLayout(spec);
    const doc = docSGD(spec.optimizer as Extract<OptimizerSpec, { type: 'sgd' }>);
    let theta = [...flattenParams(spec, layout)];
    const losses: number[] = [];
    for (let k = 0; k < 4; k++) {
      const g = train(withParams(spec, theta, layout), { steps: 0 }).grad;
      theta = doc(theta, layout.entries.flatMap((e) => [g[e.key]].flat(2) as number[]));
      losses.push(train(withParams(spec, theta, layout), { steps: 0 }).loss);
    }
    const after = layout.entries.flatMap((e) => [r.params_after[e.key]].flat(2) as number[]);
    after.forEach((v, i) => expect(Math.abs(v - theta[i]!)).toBeLessThan(1e-12));
    r.losses.forEach((l, k) => expect(Math.abs(l - losses[k]!)).toBeLessThan(1e-12));
    expect(r.losses[3]!).toBeLessThan(r.loss);
  });

  it('float32 mode rounds every value to float32', () => {
    const spec = networkFromObject({ layers: [{ type: 'linear', in: 2, out: 1, weight: [[0.1, 0.2]], bias: [0.3] }, 'sigmoid'], loss: 'bce', optimizer: { type: 'adam', lr: 0.1 }, data: { x: [[1, 1]], y: [[1]] } });
    const r = train(spec, { steps: 2, float32: true });
    const all = [r.loss, ...r.losses, ...[Object.values(r.grad), Object.values(r.params_after)].flat(3) as number[]];
    for (const v of all) expect(Math.fround(v)).toBe(v);
    const r64 = train(spec, { steps: 2 });
    expect(Math.abs(r.loss - r64.loss)).toBeLessThan(1e-6);
    expect(r.loss).not.toBe(r64.loss);
  });
});
