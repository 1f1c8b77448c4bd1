/**
 * A network using GELU, SiLU and ELU, one using the row layers Softmin and LogSoftmax (with
 * KL divergence) and a LogSoftmax/NLLLoss classifier reproduce PyTorch's float64 numbers to 1e-12: the loss,
 * every gradient and the parameters after two SGD-with-momentum steps, through `train` (the
 * symbolic gradient) and through the compiled closure of both views, and (in float32) GPU.js kernels. The expected numbers come
 * from a plain-Python float64 reference written from PyTorch's definitions
 * (fixtures/*_reference.py; their output is the committed fixture).
 */
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { loadNetworkFile } from '../../src/nn/load-node.js';
import { train } from '../../src/nn/evaluate.js';
import { compileGradient } from '../../src/compile/index.js';

interface Reference { loss: number; grad: Record<string, unknown>; losses: number[]; params_after: Record<string, unknown> }
const reference = (name: string): Reference =>
  JSON.parse(readFileSync(new URL(`./fixtures/${name}.reference.json`, import.meta.url), 'utf8')) as Reference;

const flat = (v: unknown): number[] => (Array.isArray(v) ? v.flatMap(flat) : [v as number]);
function close(actual: unknown, expected: unknown, tol = 1e-12): void {
  const [a, e] = [flat(actual), flat(expected)];
  expect(a.length).toBe(e.length);
  e.forEach((v, i) => expect(Math.abs(a[i]! - v), `element ${i}: ${a[i]} vs ${v}`).toBeLessThanOrEqual(tol));
}

describe.each(['gelu-silu-elu', 'softmin-logsoftmax', 'logsoftmax-nll', 'prelu', 'weighted-ce', 'weighted-nll', 'bce-weights', 'bce-pos-weight', 'multi-margin', 'gaussian-nll', 'soft-ce'])('%s network against the float64 reference', (name) => {
  const spec = loadNetworkFile(`test/ops/fixtures/${name}.yaml`);
  const ref = reference(name);

  it('train: loss, gradients and parameters after two steps', () => {
    const r = train(spec, { steps: 2 });
    close(r.loss, ref.loss);
    for (const [k, g] of Object.entries(ref.grad)) close(r.grad[k], g);
    close(r.losses, ref.losses);
    for (const [k, p] of Object.entries(ref.params_after)) close(r.params_after[k], p);
  });

  it.each(['scalar', 'matrix'] as const)('compiled (%s view): loss, gradient and two steps', (view) => {
    const c = compileGradient(spec, { view });
    const p = c.initialParams();
    const { x, y } = c.data();
    const g = new Float64Array(c.layout.paramCount);
    close(c.grad(p, x, y, g), ref.loss);
    for (const e of c.layout.params) close([...g.subarray(e.offset, e.offset + e.size)], ref.grad[e.key]);
    c.step(p, x, y);
    c.step(p, x, y);
    for (const e of c.layout.params) close([...p.subarray(e.offset, e.offset + e.size)], ref.params_after[e.key]);
  });

  it.each(['cpu', 'webasm'] as const)('GPU.js kernels (%s, float32 in the kernels, erf by its GPU form): loss and gradient to 1e-5', (gpuMode) => {
    const c = compileGradient(spec, { backend: 'gpu', gpuMode });
    const { x, y } = c.data();
    const g = new Float64Array(c.layout.paramCount);
    close(c.grad(c.initialParams(), x, y, g), ref.loss, 1e-5);
    for (const e of c.layout.params) close([...g.subarray(e.offset, e.offset + e.size)], ref.grad[e.key], 1e-5);
  });
});
