/**
 * The tutorial's 2-2-1 network, compiled every way, against the reference numbers
 * (/work/shared/reference/seed-2-2-1.json, PyTorch float64): loss, every gradient, the
 * parameters after one SGD step and the loss after it.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { compileGradient, compileGradientAsync, STRAIGHT_LINE_MAX, type CompileOptions } from '../../src/compile/index.js';
import { SymgradError } from '../../src/errors.js';
import { networkFromObject } from '../../src/nn/load.js';
import { loadNetworkFile } from '../../src/nn/load-node.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const spec = loadNetworkFile(`${root}derivations/seed-2-2-1/network.yaml`);
const ref = JSON.parse(readFileSync(new URL('../nn/fixtures/seed-2-2-1.reference.json', import.meta.url), 'utf8')) as {
  loss: number;
  grad: Record<string, number[] | number[][]>;
  after_one_sgd_step: Record<string, number[] | number[][]>;
  loss_after_one_step: number;
};
/** The reference's module names → our Sequential's state_dict keys. */
const KEY: Record<string, string> = { 'layer1.0.weight': '0.weight', 'layer1.0.bias': '0.bias', 'layer2.0.weight': '2.weight', 'layer2.0.bias': '2.bias' };

function flat(byKey: Record<string, number[] | number[][]>, size: number, offsets: Record<string, number>): Float64Array {
  const out = new Float64Array(size);
  for (const [k, v] of Object.entries(byKey)) out.set(v.flat(), offsets[KEY[k]!]!);
  return out;
}

const cases: Array<[string, CompileOptions, number]> = [
  ['js scalar f64', { view: 'scalar' }, 1e-12],
  ['js loops f64', { view: 'matrix' }, 1e-12],
  ['js scalar f32', { view: 'scalar', dtype: 'float32' }, 1e-6],
  ['js loops f32', { view: 'matrix', dtype: 'float32' }, 1e-6],
  ['gpu.js cpu', { backend: 'gpu', gpuMode: 'cpu' }, 1e-6],
  ['gpu.js webasm', { backend: 'gpu', gpuMode: 'webasm' }, 1e-6],
];

describe('seed 2-2-1 network matches the PyTorch reference', () => {
  for (const [name, opts, tol] of cases) {
    it(name, () => {
      const c = compileGradient(spec, opts);
      const offsets = Object.fromEntries(c.layout.params.map((e) => [e.key, e.offset]));
      const p = c.initialParams();
      const { x, y } = c.data();
      const g = new (opts.dtype === 'float32' ? Float32Array : Float64Array)(c.layout.paramCount);
      expect(c.grad(p, x, y, g)).toBeCloseTo(ref.loss, -Math.log10(tol));
      const want = flat(ref.grad, c.layout.paramCount, offsets);
      want.forEach((v, i) => expect(Math.abs(g[i]! - v)).toBeLessThan(tol));
      expect(Math.abs(c.step(p, x, y) - ref.loss)).toBeLessThan(tol);
      const after = flat(ref.after_one_sgd_step, c.layout.paramCount, offsets);
      after.forEach((v, i) => expect(Math.abs(p[i]! - v)).toBeLessThan(tol));
      expect(Math.abs(c.grad(p, x, y, g) - ref.loss_after_one_step)).toBeLessThan(tol);
    });
  }

  it('picks the straight-line scalar view for a network this small', () => {
    expect(compileGradient(spec).mode).toBe('js-scalar');
  });
});

describe('view: auto', () => {
  it('takes loops once the straight line would be too long for V8 to optimize', () => {
    // 8-16-2 at batch 4: 712 parameters × samples, about 2,900 straight-line instructions, near
    // where V8 stops optimizing (at batch 5, 3,700 instructions ran 14× slower than the loops).
    const big = networkFromObject({
      layers: [{ type: 'linear', in: 8, out: 16 }, { type: 'sigmoid' }, { type: 'linear', in: 16, out: 2 }],
      loss: { type: 'mse' }, optimizer: { type: 'sgd', lr: 0.1 }, seed: 1,
      data: { x: Array.from({ length: 5 }, (_, b) => Array.from({ length: 8 }, (_, i) => Math.sin(b + i))), y: Array.from({ length: 5 }, () => [0, 1]) },
    });
    const auto = compileGradient(big, { batch: 4 });
    const straight = compileGradient(big, { batch: 4, view: 'scalar' });
    expect(auto.mode).toBe('js-loops');
    expect(straight.source.split('\n').filter((l) => /^  const t\d+ = /.test(l)).length).toBeGreaterThan(STRAIGHT_LINE_MAX);
    expect(compileGradient(big, { batch: 1 }).mode).toBe('js-scalar');
  });
});

describe('options from JavaScript are checked', () => {
  for (const bad of [{ backend: 'cuda' }, { dtype: 'float16' }, { view: 'tensor' }, { gpuMode: 'metal', backend: 'gpu' }, { gpuMode: 'webgpu', backend: 'gpu' }, { batch: 0 }, { batch: 1.5 }]) {
    it(`rejects ${JSON.stringify(bad)} with a SymgradError naming the option`, () => {
      const field = Object.keys(bad)[0]!;
      const call = () => compileGradient(spec, bad as unknown as CompileOptions);
      expect(call).toThrow(SymgradError);
      expect(call).toThrow(new RegExp(`^${field}`));
    });
  }
});

describe('compileGradientAsync', () => {
  it('falls back to a synchronous mode where WebGPU is missing, with the same numbers', async () => {
    const c = await compileGradientAsync(spec, { backend: 'gpu' });
    expect(c.mode).toMatch(/^gpu\.js:(?!webgpu)/);
    const p = c.initialParams();
    const { x, y } = c.data();
    const g = new Float64Array(c.layout.paramCount);
    expect(Math.abs((await c.grad(p, x, y, g)) - ref.loss)).toBeLessThan(1e-6);
    expect(Math.abs((await c.step(p, x, y)) - ref.loss)).toBeLessThan(1e-6);
    expect(Math.abs(p[8]! - (ref.after_one_sgd_step['layer2.0.bias'] as number[])[0]!)).toBeLessThan(1e-6);
  });
});
