/**
 * The matrix view's log-softmax row layer is the stable composition Z − (m + log Σ e^{Z − m}),
 * and the compiled code's log-softmax step computes the same, so a value PyTorch computes as
 * finite stays finite at any logit gap. Here the gap is 800
 * (log(softmax(Z)) would give log(e^{−800}) = log 0 = −∞ for the small logit): the loss, the
 * log-probabilities and every gradient are compared with a float64 reference written out below,
 * independently of symgrad (PyTorch's definitions: log_softmax = z − max − log Σ exp(z − max),
 * nll = −x_k averaged over the batch, ∂ℓ/∂z = softmax(z) − onehot(k)).
 */
import { describe, expect, it } from 'vitest';
import { networkFromObject } from '../../src/nn/load.js';
import { evaluateView, matrixView } from '../../src/nn/matrix/index.js';
import { compileGradient } from '../../src/compile/index.js';

/** The reference, by hand: z = W x + b per sample, then log-softmax, nll and their gradients. */
function reference(W: number[][], b: number[], xs: number[][], ks: number[]) {
  const B = xs.length;
  const gW = W.map((row) => row.map(() => 0));
  const gb = b.map(() => 0);
  const lsms: number[][] = [];
  let loss = 0;
  xs.forEach((x, s) => {
    const z = W.map((row, i) => row.reduce((acc, w, j) => acc + w * x[j]!, 0) + b[i]!);
    const m = Math.max(...z);
    const sum = z.reduce((acc, v) => acc + Math.exp(v - m), 0);
    const lsm = z.map((v) => v - m - Math.log(sum));
    lsms.push(lsm);
    loss += -lsm[ks[s]!]! / B;
    // ∂L/∂z_i = (softmax(z)_i − [i = k]) / B with softmax = exp(lsm)
    z.forEach((_, i) => {
      const dz = (Math.exp(lsm[i]!) - (i === ks[s] ? 1 : 0)) / B;
      gb[i]! += dz;
      x.forEach((xj, j) => (gW[i]![j]! += dz * xj));
    });
  });
  return { loss, lsms, grad: [...gW.flat(), ...gb] };
}

describe('log-softmax at a logit gap of 800', () => {
  const W = [[400, 0], [0, -400], [1, 1]];
  const b = [0, 0, 0];
  const x = [[1, 1], [1, -1]];
  const y = [[1], [2]];
  const spec = networkFromObject({
    layers: [{ type: 'linear', in: 2, out: 3, weight: W, bias: b }, 'log_softmax'],
    loss: 'nll', optimizer: 'sgd', data: { x, y },
  });
  const ref = reference(W, b, x, [1, 2]);

  it('the reference is finite: ℓ ≈ 800 for z = (400, −400, 2), k = 1, and 400 + log 2 for z = (400, 400, 0), k = 2', () => {
    expect(ref.loss).toBeCloseTo((800 + 400 + Math.log(2)) / 2, 9);
    expect(ref.lsms.flat().every(Number.isFinite)).toBe(true);
  });

  for (const derivation of ['closed', 'chain'] as const) {
    it(`matrix view (${derivation}) equals the float64 reference`, () => {
      const r = evaluateView(matrixView(spec), { derivation });
      expect(Math.abs(r.loss - ref.loss)).toBeLessThanOrEqual(1e-12 * ref.loss);
      const a = r.forward.A1!;
      ref.lsms.flat().forEach((v, i) => expect(Math.abs(a.data[i]! - v)).toBeLessThanOrEqual(1e-12 * Math.max(1, Math.abs(v))));
      ref.grad.forEach((g, i) => expect(Math.abs(r.grad[i]! - g)).toBeLessThanOrEqual(1e-12 * Math.max(1, Math.abs(g))));
    });
  }

  for (const backend of ['js', 'wasm'] as const) {
    it(`compiled code (${backend}) equals the float64 reference`, () => {
      const c = compileGradient(spec, { view: 'matrix', backend });
      const { x: xs, y: ys } = c.data();
      const g = new Float64Array(c.layout.paramCount).fill(NaN);
      const loss = c.grad(c.initialParams(), xs, ys, g);
      expect(Math.abs(loss - ref.loss)).toBeLessThanOrEqual(1e-12 * ref.loss);
      ref.grad.forEach((v, i) => expect(Math.abs(g[i]! - v)).toBeLessThanOrEqual(1e-12 * Math.max(1, Math.abs(v))));
    });
  }

  it('prints as log(softmax(Z)) and differentiates by the row rule G − softmax(Z) ⊙ (G𝟏)𝟏ᵀ', () => {
    const v = matrixView(spec);
    expect(v.forwardSteps.find((s) => s.id === 'A1')!.tex).toBe('A^{(1)} = \\log\\left(\\operatorname{softmax}\\left(Z^{(1)}\\right)\\right)');
    expect(v.chain.steps.find((s) => s.id === 'delta1')!.tex).toBe(
      '\\delta^{(1)} = \\frac{\\partial \\mathcal{L}}{\\partial A^{(1)}} - \\operatorname{softmax}\\left(Z^{(1)}\\right) \\odot \\left(\\frac{\\partial \\mathcal{L}}{\\partial A^{(1)}} \\mathbf{1} \\mathbf{1}^\\top\\right)');
  });
});
