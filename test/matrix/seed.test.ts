/**
 * The tutorial's 2-2-1 sigmoid network with BCELoss and SGD(lr=1): the matrix view reproduces
 * every reference number (forward values, loss, gradients, parameters and loss after one step)
 * to 1e-12, and prints the derivation in the notation the issue asks for.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { matrixView, evaluateView } from '../../src/nn/matrix/index.js';
import { flattenParams } from '../../src/nn/params.js';
import type { NetworkSpec } from '../../src/nn/spec.js';
import { SGD } from './nets.js';

interface Reference {
  input: { x: number[][]; y: number[][] };
  parameters: Record<string, number[][] | number[]>;
  forward: Record<'z1' | 'z2' | 'sigma1' | 'sigma2' | 'z3' | 'sigma3', number>;
  loss: number;
  grad: Record<string, number[][] | number[]>;
  after_one_sgd_step: Record<string, number[][] | number[]>;
  loss_after_one_step: number;
}

const ref = JSON.parse(readFileSync(new URL('../nn/fixtures/seed-2-2-1.reference.json', import.meta.url), 'utf8')) as Reference;
const w = (k: string) => ref.parameters[k] as number[][];
const b = (k: string) => ref.parameters[k] as number[];

const spec: NetworkSpec = {
  name: 'seed-2-2-1',
  layers: [
    { type: 'linear', in: 2, out: 2, weight: w('layer1.0.weight'), bias: { kind: 'vector', values: b('layer1.0.bias') }, freeze: [] },
    { type: 'sigmoid' },
    { type: 'linear', in: 2, out: 1, weight: w('layer2.0.weight'), bias: { kind: 'vector', values: b('layer2.0.bias') }, freeze: [] },
    { type: 'sigmoid' },
  ],
  loss: { type: 'bce', reduction: 'mean' },
  optimizer: SGD,
  data: ref.input,
};
/** Our state_dict keys (the flat Sequential) for the reference's nested CustomModel keys. */
const KEYS: Record<string, string> = { '0.weight': 'layer1.0.weight', '0.bias': 'layer1.0.bias', '2.weight': 'layer2.0.weight', '2.bias': 'layer2.0.bias' };
const flatOf = (t: Record<string, number[][] | number[]>) => Object.values(KEYS).flatMap((k) => (t[k] as (number | number[])[]).flat());

describe('seed network 2-2-1 (matrix view)', () => {
  const v = matrixView(spec);

  for (const derivation of ['closed', 'chain'] as const) {
    it(`reproduces the reference numbers to 1e-12 (${derivation})`, () => {
      const r = evaluateView(v, { derivation });
      const f = r.forward;
      const got = [f.Z1!.data[0], f.Z1!.data[1], f.A1!.data[0], f.A1!.data[1], f.Z2!.data[0], f.A2!.data[0]];
      const want = [ref.forward.z1, ref.forward.z2, ref.forward.sigma1, ref.forward.sigma2, ref.forward.z3, ref.forward.sigma3];
      got.forEach((g, i) => expect(Math.abs(g! - want[i]!)).toBeLessThan(1e-12));
      expect(Math.abs(r.loss - ref.loss)).toBeLessThan(1e-12);
      const wantGrad = flatOf(ref.grad);
      r.grad.forEach((g, i) => expect(Math.abs(g - wantGrad[i]!)).toBeLessThan(1e-12));
      // one SGD step, lr = 1: θ ← θ − ∇L
      const after = flattenParams(spec).map((p, i) => p - r.grad[i]!);
      const wantAfter = flatOf(ref.after_one_sgd_step);
      after.forEach((p, i) => expect(Math.abs(p - wantAfter[i]!)).toBeLessThan(1e-12));
      expect(Math.abs(evaluateView(v, { params: after, forwardOnly: true }).loss - ref.loss_after_one_step)).toBeLessThan(1e-12);
    });
  }

  it('prints the forward pass in matrix notation', () => {
    expect(v.forwardSteps.map((s) => `${s.tex} : ${s.shape}`)).toEqual([
      'Z^{(1)} = X W^{(1)\\top} + b^{(1)} : B \\times 2',
      'A^{(1)} = \\sigma\\left(Z^{(1)}\\right) : B \\times 2',
      'Z^{(2)} = A^{(1)} W^{(2)\\top} + b^{(2)} : B \\times 1',
      'A^{(2)} = \\sigma\\left(Z^{(2)}\\right) : B \\times 1',
      '\\mathcal{L} = \\frac{1}{B} \\sum_{i,j} \\operatorname{BCE}\\left(A^{(2)}, Y\\right) : 1 \\times 1',
    ]);
  });

  it('prints the fused closed forms, δ by δ', () => {
    expect(v.closed.steps.map((s) => s.tex)).toEqual([
      '\\delta^{(2)} = \\frac{1}{B} \\left(A^{(2)} - Y\\right)',
      '\\frac{\\partial \\mathcal{L}}{\\partial W^{(2)}} = \\delta^{(2)\\top} A^{(1)}',
      '\\frac{\\partial \\mathcal{L}}{\\partial b^{(2)}} = \\mathbf{1}^\\top \\delta^{(2)}',
      "\\delta^{(1)} = \\delta^{(2)} W^{(2)} \\odot \\sigma'\\left(Z^{(1)}\\right)",
      '\\frac{\\partial \\mathcal{L}}{\\partial W^{(1)}} = \\delta^{(1)\\top} X',
      '\\frac{\\partial \\mathcal{L}}{\\partial b^{(1)}} = \\mathbf{1}^\\top \\delta^{(1)}',
    ]);
    const d2 = v.closed.steps[0]!;
    expect(d2.terms).toEqual([{ upstream: '\\frac{1}{B}\\mathbf{1}', local: '\\left(A^{(2)} - Y\\right)', fused: 'bce∘sigmoid', contribution: '\\delta^{(2)}' }]);
  });

  it('keeps the plain chain rule as products of named local factors', () => {
    const byId = new Map(v.chain.steps.map((s) => [s.id, s]));
    expect(byId.get('delta2')!.rhs).toBe("\\frac{\\partial \\mathcal{L}}{\\partial A^{(2)}} \\odot \\sigma'\\left(Z^{(2)}\\right)");
    expect(byId.get('dL/dA1')!.rhs).toBe('\\delta^{(2)} W^{(2)}');
    expect(byId.get('delta1')!.terms).toEqual([
      { upstream: '\\frac{\\partial \\mathcal{L}}{\\partial A^{(1)}}', local: "\\sigma'\\left(Z^{(1)}\\right)", contribution: '\\delta^{(1)}' },
    ]);
    expect(byId.get('dL/dA2')!.rhs).toBe('\\frac{1}{B} \\frac{A^{(2)} - Y}{A^{(2)} \\odot \\left(1 - A^{(2)}\\right)}');
  });
});
