/**
 * Every layer, loss and option: the loss equals an independent plain-loop implementation of
 * PyTorch's definitions (test/nn/reference.ts) and the symbolic gradient equals central finite
 * differences of that loss, on random small networks with batch 1 and batch 3. The matrix view
 * (forced by a scalar limit of 0) gives the same numbers as the scalar view to 1e-12.
 */
import { describe, expect, it } from 'vitest';
import { networkFromObject } from '../../src/nn/load.js';
import { train } from '../../src/nn/evaluate.js';
import { flattenParams, paramLayout } from '../../src/nn/params.js';
import { mulberry32 } from '../../src/nn/init.js';
import type { NetworkSpec } from '../../src/nn/spec.js';
import { referenceGradient, referenceLoss } from './reference.js';
import { isClassLoss } from '../../src/nn/catalog/index.js';

type Plain = Record<string, unknown>;

function randomMatrix(next: () => number, rows: number, cols: number, scale = 1): number[][] {
  return Array.from({ length: rows }, () => Array.from({ length: cols }, () => Math.round((2 * next() - 1) * scale * 1e4) / 1e4));
}

/** A random 3-4-…-k network with the given hidden activation, output layer, loss and batch. */
function makeNet(c: { seed: number; act: Plain | string; head?: (Plain | string)[]; loss: Plain | string; batch: number; out?: number; first?: Plain }): NetworkSpec {
  const next = mulberry32(c.seed);
  const out = c.out ?? 2;
  const lossType = typeof c.loss === 'string' ? c.loss : (c.loss.type as string);
  const y = isClassLoss(lossType)
    ? Array.from({ length: c.batch }, () => [Math.floor(next() * out)])
    : lossType === 'bce' || lossType === 'bce_with_logits'
      ? Array.from({ length: c.batch }, () => Array.from({ length: out }, () => Math.round(next() * 100) / 100))
      : randomMatrix(next, c.batch, out, 1.5);
  return networkFromObject({
    seed: c.seed,
    layers: [
      { type: 'linear', in: 3, out: 4, weight: randomMatrix(next, 4, 3), bias: randomMatrix(next, 1, 4)[0], ...c.first },
      c.act,
      { type: 'linear', in: 4, out, weight: randomMatrix(next, out, 4) },
      ...(c.head ?? []),
    ],
    loss: c.loss,
    optimizer: { type: 'sgd', lr: 0.1 },
    data: { x: randomMatrix(next, c.batch, 3, 2), y },
  });
}

function flatGrad(spec: NetworkSpec, grad: Record<string, unknown>): (number | null)[] {
  const out: (number | null)[] = [];
  for (const e of paramLayout(spec).entries) {
    const g = grad[e.key];
    if (g === null) out.push(...Array<null>(e.size).fill(null));
    else out.push(...([g].flat(2) as number[]));
  }
  return out;
}

function check(spec: NetworkSpec): void {
  const r = train(spec, { steps: 0 });
  const ref = referenceLoss(spec);
  expect(Math.abs(r.loss - ref)).toBeLessThanOrEqual(1e-12 * (1 + Math.abs(ref)));
  const g = flatGrad(spec, r.grad);
  const fd = referenceGradient(spec);
  expect(g).toHaveLength(fd.length);
  g.forEach((v, i) => {
    if (v === null) return;
    expect(Math.abs(v - fd[i]!), `parameter ${i}: symbolic ${v}, finite difference ${fd[i]}`).toBeLessThanOrEqual(2e-6 * (1 + Math.abs(v)));
  });
  // the matrix view on the same network
  const m = train(spec, { steps: 0, scalar: { maxParams: 0 } });
  expect(m.view).toBe('matrix');
  expect(Math.abs(m.loss - r.loss)).toBeLessThanOrEqual(1e-12 * (1 + Math.abs(r.loss)));
  flatGrad(spec, m.grad).forEach((v, i) => {
    if (v === null) return expect(g[i]).toBeNull();
    expect(Math.abs(v - g[i]!)).toBeLessThanOrEqual(1e-12 * (1 + Math.abs(v)));
  });
}

const ACTIVATIONS: (Plain | string)[] = [
  'sigmoid', 'tanh', 'relu', { type: 'leaky_relu', negative_slope: 0.2 }, 'softplus', 'identity', 'softmax',
  { type: 'custom', f: 'x*sigmoid(x)' }, { type: 'custom', f: 'tanh(x) + 0.1*x^2' },
];

const LOSSES: { loss: Plain | string; head?: (Plain | string)[] }[] = [
  { loss: 'bce', head: ['sigmoid'] },
  { loss: { type: 'bce', reduction: 'sum' }, head: ['sigmoid'] },
  { loss: 'bce_with_logits' },
  { loss: 'mse' },
  { loss: { type: 'mse', reduction: 'sum' } },
  { loss: 'l1' },
  { loss: { type: 'huber', delta: 0.5 } },
  { loss: { type: 'smooth_l1', beta: 0.7 } },
  { loss: { type: 'smooth_l1', beta: 0 } },
  { loss: 'cross_entropy' },
  { loss: { type: 'cross_entropy', label_smoothing: 0.1, reduction: 'sum' } },
  { loss: 'cross_entropy', head: ['softmax'] },
  { loss: 'nll', head: ['log_softmax'] },
  { loss: { type: 'nll', reduction: 'sum' } },
  { loss: 'mse', head: ['softmin'] },
  { loss: { type: 'custom', f: '0.5*(y - yhat)^2', reduction: 'sum' } },
  { loss: { type: 'custom', f: 'abs(yhat - y)^3' } },
];

describe('gradients agree with finite differences of the reference loss', () => {
  for (const batch of [1, 3]) {
    ACTIVATIONS.forEach((act, i) => {
      it(`activation ${JSON.stringify(act)}, mse, batch ${batch}`, () => check(makeNet({ seed: 10 + i + batch, act, loss: 'mse', batch })));
    });
    LOSSES.forEach(({ loss, head }, i) => {
      it(`loss ${JSON.stringify(loss)}${head ? ` after ${head.join(', ')}` : ''}, batch ${batch}`, () => {
        check(makeNet({ seed: 100 + i + batch, act: 'tanh', head, loss, batch, out: 3 }));
      });
    });
  }

  it('options of Linear: bias false, shared bias, frozen weight, frozen bias', () => {
    check(makeNet({ seed: 7, act: 'sigmoid', loss: 'mse', batch: 2, first: { bias: false } }));
    check(makeNet({ seed: 8, act: 'sigmoid', loss: 'mse', batch: 2, first: { bias: { shared: 0.35 } } }));
    check(makeNet({ seed: 9, act: 'tanh', loss: 'l1', batch: 2, first: { freeze: ['weight'] } }));
    check(makeNet({ seed: 11, act: 'relu', loss: 'mse', batch: 3, first: { bias: { shared: -0.2 }, freeze: ['bias'] } }));
  });

  it('frozen parameters get no gradient and no update', () => {
    const spec = makeNet({ seed: 12, act: 'sigmoid', loss: 'mse', batch: 2, first: { freeze: ['weight', 'bias'] } });
    const r = train(spec, { steps: 3 });
    expect(r.grad['0.weight']).toBeNull();
    expect(r.grad['0.bias']).toBeNull();
    expect(r.params_after['0.weight']).toEqual(r.params_before['0.weight']);
    expect(r.params_after['2.weight']).not.toEqual(r.params_before['2.weight']);
  });

  it('omitted weights are initialised within ±1/√in, reproducibly from the seed', () => {
    const obj = (seed: number) => ({ seed, layers: [{ type: 'linear', in: 9, out: 5 }, 'relu', { type: 'linear', in: 5, out: 1 }], loss: 'mse', optimizer: 'sgd', data: { x: [[...Array(9).keys()]], y: [[1]] } });
    const a = networkFromObject(obj(5));
    expect(networkFromObject(obj(5))).toEqual(a);
    expect(flattenParams(networkFromObject(obj(6)))).not.toEqual(flattenParams(a));
    const [l0, l2] = [a.layers[0]!, a.layers[2]!];
    if (l0.type !== 'linear' || l2.type !== 'linear' || l0.bias.kind !== 'vector') throw new Error('unexpected layers');
    expect(l0.weight.flat().every((v) => Math.abs(v) <= 1 / 3)).toBe(true);
    expect(l0.bias.values.every((v) => Math.abs(v) <= 1 / 3)).toBe(true);
    expect(l2.weight.flat().every((v) => Math.abs(v) <= 1 / Math.sqrt(5))).toBe(true);
    // giving layer 0's weights does not change layer 2's initial values (every layer always draws)
    const b = networkFromObject({ ...obj(5), layers: [{ type: 'linear', in: 9, out: 5, weight: Array(5).fill(Array(9).fill(0)) }, 'relu', { type: 'linear', in: 5, out: 1 }] });
    expect(b.layers[2]).toEqual(a.layers[2]);
  });
});
