/**
 * Golden LaTeX of the matrix view's closed forms: the loss and the output δ for each loss kind
 * (with the reduction written as 1/(B·n)), and the hidden δ of a softmax layer.
 */
import { describe, expect, it } from 'vitest';
import { matrixView } from '../../src/nn/matrix/index.js';
import type { LossSpec } from '../../src/nn/spec.js';
import { randomNet } from './nets.js';

const CASES: ReadonlyArray<[LossSpec, string, string]> = [
  [{ type: 'bce_with_logits', reduction: 'mean' },
    '\\mathcal{L} = \\frac{1}{3 B} \\sum_{i,j} \\operatorname{BCE}_{\\sigma}\\left(Z^{(2)}, Y\\right)',
    '\\delta^{(2)} = \\frac{1}{3 B} \\left(\\sigma\\left(Z^{(2)}\\right) - Y\\right)'],
  [{ type: 'mse', reduction: 'mean' },
    '\\mathcal{L} = \\frac{1}{3 B} \\sum_{i,j} \\left(Z^{(2)} - Y\\right)^{2}',
    '\\delta^{(2)} = \\frac{2}{3 B} \\left(Z^{(2)} - Y\\right)'],
  [{ type: 'mse', reduction: 'sum' }, '\\mathcal{L} = \\sum_{i,j} \\left(Z^{(2)} - Y\\right)^{2}', '\\delta^{(2)} = 2 \\left(Z^{(2)} - Y\\right)'],
  [{ type: 'l1', reduction: 'mean' },
    '\\mathcal{L} = \\frac{1}{3 B} \\sum_{i,j} \\left|Z^{(2)} - Y\\right|',
    '\\delta^{(2)} = \\frac{1}{3 B} \\operatorname{sgn}\\left(Z^{(2)} - Y\\right)'],
  [{ type: 'huber', delta: 0.3, reduction: 'mean' },
    '\\mathcal{L} = \\frac{1}{3 B} \\sum_{i,j} \\operatorname{Huber}_{0.3}\\left(Z^{(2)}, Y\\right)',
    '\\delta^{(2)} = \\frac{1}{3 B} \\operatorname{clip}_{\\pm 0.3}\\left(Z^{(2)} - Y\\right)'],
  [{ type: 'cross_entropy', label_smoothing: 0, reduction: 'mean' },
    '\\mathcal{L} = \\frac{1}{B} \\sum_{i,j} \\operatorname{CE}\\left(Z^{(2)}, \\operatorname{onehot}\\left(Y\\right)\\right)',
    '\\delta^{(2)} = \\frac{1}{B} \\left(\\operatorname{softmax}\\left(Z^{(2)}\\right) - \\operatorname{onehot}\\left(Y\\right)\\right)'],
  [{ type: 'cross_entropy', label_smoothing: 0.1, reduction: 'mean' },
    '\\mathcal{L} = \\frac{1}{B} \\sum_{i,j} \\operatorname{CE}\\left(Z^{(2)}, \\left(0.9 \\, \\operatorname{onehot}\\left(Y\\right) + \\frac{0.1}{3}\\right)\\right)',
    '\\delta^{(2)} = \\frac{1}{B} \\left(\\operatorname{softmax}\\left(Z^{(2)}\\right) - \\left(0.9 \\, \\operatorname{onehot}\\left(Y\\right) + \\frac{0.1}{3}\\right)\\right)'],
];

describe('matrix view LaTeX', () => {
  for (const [loss, lossTex, deltaTex] of CASES) {
    it(`${loss.type}/${loss.reduction}`, () => {
      const v = matrixView(randomNet({ widths: [2, 3, 3], hidden: { type: 'tanh' }, loss, batch: 2, seed: 1 }));
      expect(v.forwardSteps.at(-1)!.tex).toBe(lossTex);
      expect(v.closed.steps[0]!.tex).toBe(deltaTex);
      expect(v.closed.steps[0]!.shape).toBe('B \\times 3');
    });
  }

  it('a softmax hidden layer', () => {
    const v = matrixView(randomNet({ widths: [2, 3, 3], hidden: { type: 'softmax' }, loss: { type: 'mse', reduction: 'mean' }, batch: 2, seed: 1 }));
    expect(v.closed.steps.find((s) => s.id === 'delta1')!.tex).toBe(
      '\\delta^{(1)} = A^{(1)} \\odot \\left(\\delta^{(2)} W^{(2)} - \\left(\\delta^{(2)} W^{(2)} \\odot A^{(1)}\\right) \\mathbf{1} \\mathbf{1}^\\top\\right)');
  });
});
