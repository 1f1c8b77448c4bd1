/**
 * `symgrad compile` prints runnable, commented source; `symgrad grad --backend js|gpu` reports the
 * compiled gradient; bad flags are one-line errors with exit code 2.
 */
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';

const seed = fileURLToPath(new URL('../../derivations/seed-2-2-1/network.yaml', import.meta.url));

async function cli(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await main(argv, { out: (s) => (out += s), err: (s) => (err += s) });
  return { code, out, err };
}

describe('symgrad compile', () => {
  it('prints the straight-line source for the seed network, which runs', async () => {
    const r = await cli('compile', seed);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^\/\/ mode: js-scalar/);
    expect(r.out).toContain('p[0..3] = 0.weight [2 x 2]');
    const made = new Function(r.out)() as { grad: (p: Float64Array, x: Float64Array, y: Float64Array, g: Float64Array) => number };
    const p = Float64Array.from([0.4352, 0.3545, 0.1951, 0.4835, -0.1419, 0.0439, -0.1725, 0.1129, -0.3043]);
    const g = new Float64Array(9);
    expect(made.grad(p, Float64Array.from([1, 1]), Float64Array.from([0]), g)).toBeCloseTo(0.5368841905553434, 14);
  });

  it('prints loops with --view matrix, Float32Array with --float32, kernels with --backend gpu', async () => {
    const loops = await cli('compile', seed, '--view', 'matrix', '--float32', '--batch', '4');
    expect(loops.code).toBe(0);
    expect(loops.out).toMatch(/^\/\/ mode: js-loops/);
    expect(loops.out).toContain('new Float32Array');
    expect(loops.out).toContain('x: 4 x 2');
    const gpu = await cli('compile', seed, '--backend', 'gpu');
    expect(gpu.code).toBe(0);
    expect(gpu.out).toMatch(/^\/\/ mode: gpu\.js:/);
    expect(gpu.out).toContain('function kernel0(');
    const wgsl = await cli('compile', seed, '--backend', 'webgpu', '--batch', '3');
    expect(wgsl.code).toBe(0);
    expect(wgsl.out).toMatch(/^\/\/ mode: webgpu \(float32\)/);
    expect(wgsl.out).toContain('@compute @workgroup_size(16, 16)');
    expect(wgsl.out).toContain('x: 3 x 2');
  });

  it('rejects bad flags and files with one line and exit code 2', async () => {
    for (const argv of [['--backend', 'cuda'], ['--view', 'tensor'], ['--batch', '0'], ['--nope']]) {
      const r = await cli('compile', seed, ...argv);
      expect(r.code).toBe(2);
      expect(r.err.trim().split('\n')).toHaveLength(1);
    }
    for (const files of [[], [seed, seed]]) {
      const r = await cli('compile', ...files);
      expect(r.code).toBe(2);
      expect(r.err.trim().split('\n')).toHaveLength(1);
    }
    const missing = await cli('compile', '/nonexistent/net.yaml');
    expect(missing.code).toBe(2);
    expect(missing.err).toContain('no such file');
  });
});

describe('symgrad grad --backend', () => {
  for (const backend of ['js', 'gpu', 'gpu.js']) {
    it(`${backend}: the seed network's loss, gradient and step, honestly labelled`, async () => {
      const r = await cli('grad', seed, '--backend', backend, '--json');
      expect(r.code).toBe(0);
      const j = JSON.parse(r.out) as { loss: number; grad: Record<string, number[] | number[][]>; losses: number[]; mode: string; backend: string; dtype: string };
      // GPU.js kernels compute in float32 whatever the host arrays hold.
      expect([j.backend, j.dtype]).toEqual(backend === 'js' ? ['js', 'float64'] : ['gpu.js', 'float32']);
      const tol = backend === 'js' ? 1e-12 : 1e-6;
      expect(Math.abs(j.loss - 0.5368841905553434)).toBeLessThan(tol);
      expect(Math.abs(j.grad['2.bias']![0] as number - 0.4154331834389303)).toBeLessThan(tol);
      expect(Math.abs(j.losses[0]! - 0.2804214083479139)).toBeLessThan(tol);
      expect(j.mode).toMatch(backend === 'js' ? /^js-/ : /^gpu\.js:/);
    });
  }

  it('webgpu: a float32 result naming its adapter, or one line saying why there is no WebGPU here', async () => {
    const r = await cli('grad', seed, '--backend', 'webgpu', '--json');
    if (r.code === 0) {
      const j = JSON.parse(r.out) as { loss: number; backend: string; dtype: string; adapter: string };
      expect([j.backend, j.dtype]).toEqual(['webgpu', 'float32']);
      expect(j.adapter.length).toBeGreaterThan(0);
      expect(Math.abs(j.loss - 0.5368841905553434)).toBeLessThan(1e-6);
    } else {
      expect(r.code).toBe(2);
      expect(r.out).toBe('');
      expect(r.err.trim().split('\n')).toHaveLength(1);
      expect(r.err).toMatch(/^symgrad grad: webgpu: /);
    }
  });

  it('prints a table naming the mode', async () => {
    const r = await cli('grad', seed, '--backend', 'js', '--steps', '2');
    expect(r.code).toBe(0);
    expect(r.out).toContain('mode js-scalar, computed in float64');
    expect(r.out).toContain('loss after step 2:');
  });
});
