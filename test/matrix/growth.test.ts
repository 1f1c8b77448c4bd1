/**
 * Size of matrix-view derivations: the tensor DAG of the loss and all gradients grows by the
 * same number of nodes per added layer (linear in depth), does not depend on the layer widths
 * (nothing is unrolled to scalars), and a 784-256-10 ReLU / cross-entropy net derives to a few
 * dozen nodes.
 */
import { describe, expect, it } from 'vitest';
import { matrixView, viewNodeCount, evaluateView } from '../../src/nn/matrix/index.js';
import type { LayerSpec, NetworkSpec } from '../../src/nn/spec.js';
import { SGD } from './nets.js';

/** A net with zero weights of the given widths (the numbers do not matter for sizes). */
function net(widths: readonly number[], hidden: LayerSpec, batch = 1): NetworkSpec {
  const layers: LayerSpec[] = [];
  for (let i = 0; i + 1 < widths.length; i++) {
    const [inn, out] = [widths[i]!, widths[i + 1]!];
    layers.push({ type: 'linear', in: inn, out, weight: Array.from({ length: out }, () => new Array<number>(inn).fill(0.01)),
      bias: { kind: 'vector', values: new Array<number>(out).fill(0) }, freeze: [] });
    if (i + 2 < widths.length) layers.push(hidden);
  }
  const x = Array.from({ length: batch }, () => new Array<number>(widths[0]!).fill(0.5));
  return { name: 'g', layers, loss: { type: 'cross_entropy', label_smoothing: 0, reduction: 'mean' }, optimizer: SGD, data: { x, y: x.map(() => [1]) } };
}

describe('matrix view size', () => {
  for (const hidden of [{ type: 'relu' }, { type: 'sigmoid' }, { type: 'custom', f: 'x*tanh(x)' }] as const) {
    it(`grows linearly with depth (${hidden.type})`, () => {
      const counts = [1, 2, 3, 4, 5, 6, 7, 8].map((d) => viewNodeCount(matrixView(net(new Array<number>(d + 1).fill(4).concat([3]), hidden))));
      const steps = counts.slice(1).map((c, i) => c - counts[i]!);
      expect(new Set(steps).size).toBe(1);
      expect(steps[0]!).toBeGreaterThan(0);
      expect(steps[0]!).toBeLessThan(15);
    });
  }

  it('does not depend on the widths', () => {
    const small = viewNodeCount(matrixView(net([3, 4, 2], { type: 'relu' })));
    const large = viewNodeCount(matrixView(net([784, 256, 10], { type: 'relu' })));
    expect(large).toBe(small);
    expect(large).toBeLessThan(40);
  });

  it('derives and evaluates a 784-256-10 ReLU / cross-entropy network', () => {
    const v = matrixView(net([784, 256, 10], { type: 'relu' }, 4));
    expect(v.closed.steps.map((s) => s.tex)).toEqual([
      '\\delta^{(2)} = \\frac{1}{B} \\left(\\operatorname{softmax}\\left(Z^{(2)}\\right) - \\operatorname{onehot}\\left(Y\\right)\\right)',
      '\\frac{\\partial \\mathcal{L}}{\\partial W^{(2)}} = \\delta^{(2)\\top} A^{(1)}',
      '\\frac{\\partial \\mathcal{L}}{\\partial b^{(2)}} = \\mathbf{1}^\\top \\delta^{(2)}',
      "\\delta^{(1)} = \\delta^{(2)} W^{(2)} \\odot \\operatorname{ReLU}'\\left(Z^{(1)}\\right)",
      '\\frac{\\partial \\mathcal{L}}{\\partial W^{(1)}} = \\delta^{(1)\\top} X',
      '\\frac{\\partial \\mathcal{L}}{\\partial b^{(1)}} = \\mathbf{1}^\\top \\delta^{(1)}',
    ]);
    const r = evaluateView(v);
    // all logits equal → loss log 10, and δ² = (1/10 − onehot)/B
    expect(r.loss).toBeCloseTo(Math.log(10), 12);
    expect(r.deltas.delta2!.data[1]).toBeCloseTo((0.1 - 1) / 4, 14);
    expect(r.grad.length).toBe(784 * 256 + 256 + 256 * 10 + 10);
  });
});
