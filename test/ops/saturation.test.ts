/**
 * BCELoss after a Sigmoid at saturation: every path that uses the fused factor (the compiled
 * scalar and matrix closures, the matrix view's interpreter) and the unfused ones (the matrix
 * view's chain derivation, the scalar view's symbolic gradient) give PyTorch's float64 ∂ℓ/∂z —
 * 0 where σ(z) is exactly 0 or 1 (z = ±800), not σ − y = ∓1. The expected numbers come from
 * fixtures/bce_saturation.py (PyTorch's backward formulas in plain Python).
 */
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { fromPlain } from '../../src/nn/located.js';
import { resolveNetwork } from '../../src/nn/resolve.js';
import { train } from '../../src/nn/evaluate.js';
import { compileGradient } from '../../src/compile/index.js';
import { evaluateView, matrixView } from '../../src/nn/matrix/index.js';

interface Case { z: number; y: number; loss: number; dz: number }
const cases = JSON.parse(readFileSync(new URL('./fixtures/bce-saturation.reference.json', import.meta.url), 'utf8')) as Case[];

const net = (c: Case) => resolveNetwork(fromPlain({
  layers: [{ type: 'linear', in: 1, out: 1, weight: [[1]], bias: [0] }, 'sigmoid'],
  loss: { type: 'bce' }, optimizer: { type: 'sgd', lr: 1 }, data: { x: [[c.z]], y: [[c.y]] },
}));
const close = (a: number, e: number) => expect(Math.abs(a - e), `${a} vs ${e}`).toBeLessThanOrEqual(1e-12 * Math.max(1, Math.abs(e)));

describe.each(cases)('BCE∘σ at z = $z, y = $y', (c) => {
  const spec = net(c);
  it.each(['scalar', 'matrix'] as const)('compiled %s view: loss and ∂L/∂b = PyTorch', (view) => {
    const cg = compileGradient(spec, { view });
    const g = new Float64Array(2);
    const { x, y } = cg.data();
    close(cg.grad(cg.initialParams(), x, y, g), c.loss);
    close(g[1]!, c.dz);
    close(g[0]!, c.dz * c.z);
  });

  it.each(['closed', 'chain'] as const)('matrix view interpreter (%s derivation) = PyTorch', (derivation) => {
    const v = evaluateView(matrixView(spec), { derivation });
    close(v.loss, c.loss);
    close(v.grad[1]!, c.dz);
  });

  // The scalar view differentiates the clamped formula symbolically: PyTorch's value wherever
  // σ(1 − σ) ≥ 1e-12 or a log is clamped (|z| > 100); between (27.6 < |z| < 100) it gives σ − y
  // where PyTorch's 1e-12 floor scales the gradient down (docs/functions.md).
  it.skipIf(Math.abs(c.z) > 27.6 && Math.abs(c.z) < 100)('train (the scalar view\'s symbolic gradient) = PyTorch', () => {
    const r = train(spec, { steps: 0 });
    close(r.loss, c.loss);
    close((r.grad['0.bias'] as number[])[0]!, c.dz);
  });
});
