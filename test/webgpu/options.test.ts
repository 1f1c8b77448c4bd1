/**
 * How the WebGPU backend is asked for from JavaScript: only asynchronously, only in float32, and
 * with a one-line SymgradError where no device can be had (in Node without a loadable `webgpu`
 * package, or with no adapter) — or, where one answers, a result labelled with its adapter.
 */
import { describe, expect, it } from 'vitest';
import { compileGradient, compileGradientAsync } from '../../src/compile/index.js';
import { SymgradError } from '../../src/errors.js';
import { networkFromObject } from '../../src/nn/load.js';

const spec = networkFromObject({
  seed: 2,
  layers: [{ type: 'linear', in: 2, out: 2 }, { type: 'sigmoid' }, { type: 'linear', in: 2, out: 1 }],
  loss: { type: 'mse' },
  optimizer: { type: 'sgd', lr: 0.1 },
  data: { x: [[1, 2]], y: [[0.5]] },
});

describe('backend webgpu options', () => {
  it('is refused by the synchronous compileGradient, naming compileGradientAsync', () => {
    expect(() => compileGradient(spec, { backend: 'webgpu' })).toThrow(SymgradError);
    expect(() => compileGradient(spec, { backend: 'webgpu' })).toThrow(/compileGradientAsync/);
  });

  it('refuses float64 (WGSL has none)', async () => {
    await expect(compileGradientAsync(spec, { backend: 'webgpu', dtype: 'float64' })).rejects.toThrow(/^webgpu computes in float32/);
  });

  it('answers with a device, or one SymgradError line saying why there is none', async () => {
    try {
      const c = await compileGradientAsync(spec, { backend: 'webgpu' });
      expect(c.mode).toMatch(/^webgpu:/);
      expect([c.dtype, c.precision]).toEqual(['float32', 'float32']);
      c.destroy?.();
    } catch (e) {
      expect(e).toBeInstanceOf(SymgradError);
      expect((e as Error).message).toMatch(/^webgpu: /);
      expect((e as Error).message).not.toContain('\n');
    }
  });
});
