/**
 * Matrix-view gradients against central finite differences of the loss: every hidden layer
 * kind × every loss kind, batch 1 and batch > 1, both derivations (fused closed forms and the
 * plain chain rule), plus shared / absent biases and frozen parameters.
 */
import { describe, expect, it } from 'vitest';
import { matrixView, evaluateView } from '../../src/nn/matrix/index.js';
import { ACTIVATIONS, LOSSES, finiteDifferences, maxRelErr, randomNet } from './nets.js';
import { sampled } from '../support/quick.js';

const lossName = (l: (typeof LOSSES)[number]) => `${l.type}/${l.reduction}${'label_smoothing' in l ? `/ε=${l.label_smoothing}` : ''}${'beta' in l ? `/β=${l.beta}` : ''}`;

describe('matrix view vs finite differences', () => {
  let seed = 1;
  for (const hidden of ACTIVATIONS) {
    for (const loss of LOSSES) {
      for (const batch of [1, 3]) {
        const s = seed++;
        it.skipIf(!sampled(s))(`${hidden.type} hidden, ${lossName(loss)}, batch ${batch}`, () => {
          const v = matrixView(randomNet({ widths: [3, 4, 2], hidden, loss, batch, seed: s }));
          const fd = finiteDifferences(v);
          for (const derivation of ['closed', 'chain'] as const) {
            const g = evaluateView(v, { derivation }).grad;
            expect(maxRelErr(g, fd)).toBeLessThan(1e-6);
          }
        });
      }
    }
  }

  it('a deeper net with a softmax layer feeding MSE', () => {
    const v = matrixView(randomNet({ widths: [2, 3, 3, 3], hidden: { type: 'softmax' }, loss: { type: 'mse', reduction: 'mean' }, batch: 4, seed: 99 }));
    expect(maxRelErr(evaluateView(v).grad, finiteDifferences(v))).toBeLessThan(1e-6);
  });

  for (const bias of ['shared', 'none'] as const) {
    it(`${bias} bias`, () => {
      const v = matrixView(randomNet({ widths: [3, 4, 2], hidden: { type: 'tanh' }, loss: { type: 'mse', reduction: 'mean' }, batch: 3, seed: 7, bias }));
      const g = evaluateView(v).grad;
      expect(g.length).toBe(bias === 'shared' ? 12 + 1 + 8 + 1 : 20);
      expect(maxRelErr(g, finiteDifferences(v))).toBeLessThan(1e-6);
    });
  }

  it('a shared bias gets the sum of its column sums', () => {
    const v = matrixView(randomNet({ widths: [2, 3], hidden: { type: 'relu' }, loss: { type: 'mse', reduction: 'sum' }, batch: 2, seed: 8, bias: 'shared' }));
    const r = evaluateView(v);
    const delta = r.deltas.delta1!;
    const total = delta.data.reduce((s, x) => s + x, 0);
    expect(r.gradByKey['0.bias']!.data[0]).toBeCloseTo(total, 14);
    expect(v.closed.steps.find((s) => s.id === 'dL/d0.bias')!.rhs).toBe('\\sum_{i,j} \\delta^{(1)}');
  });

  for (const freeze of [['weight'], ['bias'], ['weight', 'bias']] as const) {
    it(`frozen ${freeze.join(' and ')} gets no gradient`, () => {
      const v = matrixView(randomNet({ widths: [2, 3, 1], hidden: { type: 'sigmoid' }, loss: { type: 'bce', reduction: 'mean' }, batch: 2, seed: 11, freeze }));
      const r = evaluateView(v);
      const fd = finiteDifferences(v);
      for (const e of v.layout.entries) {
        const g = r.grad.subarray(e.offset, e.offset + e.size);
        if (e.frozen) {
          expect(v.closed.grads.has(e.key)).toBe(false);
          expect(Array.from(g).every((x) => x === 0)).toBe(true);
        } else {
          expect(maxRelErr(g, fd.subarray(e.offset, e.offset + e.size))).toBeLessThan(1e-6);
        }
      }
    });
  }
});
