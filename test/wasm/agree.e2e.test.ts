/**
 * The wasm backend agrees with the matrix interpreter: on random networks of every layer, loss
 * and optimizer kind (batch 1 to 3, threads 1, 2 or 3) its loss and ∂L/∂θ equal the interpreter's
 * to 1e-12 in float64 and 1e-5 (relative to 1 + |value|) in float32; odd widths (1, 3, 7, 33)
 * exercise every remainder path of the SIMD product; step() gives the JS backend's optimizer
 * steps; a bad class index throws; and the compiled closure needs no copies when it is handed
 * its own memory's views.
 */
import { isClassLoss } from '../../src/nn/catalog/losses.js';
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { compileGradient, type CompiledGradient } from '../../src/compile/index.js';
import { evaluateView, matrixView } from '../../src/nn/matrix/index.js';
import { networkFromObject } from '../../src/nn/load.js';
import type { NetworkSpec } from '../../src/nn/spec.js';
import { ACTIVATIONS, arbNetwork, LOSSES, maxRelDiff, OPTIMIZERS } from '../compile/nets.js';

const open: CompiledGradient[] = [];
afterEach(() => {
  for (const c of open.splice(0)) c.dispose?.();
});

function wasm(spec: NetworkSpec, opts: Parameters<typeof compileGradient>[1]): CompiledGradient {
  const c = compileGradient(spec, { backend: 'wasm', ...opts });
  open.push(c);
  expect(c.mode).toMatch(/^wasm-simd/);
  return c;
}

function gradOf(c: CompiledGradient) {
  const g = new Float64Array(c.layout.paramCount).fill(NaN);
  const { x, y } = c.data();
  const loss = c.grad(c.initialParams(), x, y, g);
  return { loss, g };
}

const ref = (spec: NetworkSpec) => {
  const v = evaluateView(matrixView(spec));
  return { loss: v.loss, g: v.grad };
};

describe('wasm gradients equal the interpreter', () => {
  it('float64 to 1e-12 on random networks, threads 1, 2 and 3', () => {
    fc.assert(
      fc.property(arbNetwork, fc.constantFrom(1, 2, 3), (spec, threads) => {
        const want = ref(spec);
        const got = gradOf(wasm(spec, { threads }));
        expect(maxRelDiff([got.loss], [want.loss])).toBeLessThan(1e-12);
        expect(maxRelDiff(got.g, want.g)).toBeLessThan(1e-12);
      }),
      { numRuns: 20, seed: 21 },
    );
  });

  it('float32 to 1e-5 on random networks', () => {
    fc.assert(
      fc.property(arbNetwork, fc.constantFrom(1, 2), (spec, threads) => {
        const want = ref(spec);
        const got = gradOf(wasm(spec, { threads, dtype: 'float32' }));
        expect(maxRelDiff([got.loss], [want.loss])).toBeLessThan(1e-5);
        expect(maxRelDiff(got.g, want.g)).toBeLessThan(1e-5);
      }),
      { numRuns: 12, seed: 22 },
    );
  });

  const odd = (widths: number[], batch: number, act: object, loss: object) =>
    networkFromObject({
      layers: widths.slice(1).flatMap((w, i) => [{ type: 'linear', in: widths[i]!, out: w }, ...(i < widths.length - 2 ? [act] : [])]),
      loss, optimizer: { type: 'sgd', lr: 0.1 }, seed: 9,
      data: {
        x: Array.from({ length: batch }, (_, b) => Array.from({ length: widths[0]! }, (_, i) => Math.sin(1 + b * 31 + i))),
        y: Array.from({ length: batch }, (_, b) =>
          (loss as { type: string }).type === 'cross_entropy' ? [b % widths.at(-1)!] : Array.from({ length: widths.at(-1)! }, (_, i) => Math.cos(b + i))),
      },
    });
  const shapes: Array<[number[], number]> = [[[33, 7, 3], 5], [[7, 33, 1], 1], [[3, 1, 33, 7], 7], [[35, 17, 9], 13], [[1, 3, 2], 3]];
  for (const dtype of ['float64', 'float32'] as const) {
    for (const [widths, batch] of shapes) {
      it(`odd sizes ${widths.join('-')}, batch ${batch}, ${dtype}, threads 1 and 3`, () => {
        for (const [act, loss] of [[{ type: 'tanh' }, { type: 'cross_entropy' }], [{ type: 'relu' }, { type: 'mse' }]] as const) {
          if (loss.type === 'cross_entropy' && widths.at(-1)! < 2) continue;
          const spec = odd(widths, batch, act, loss);
          const want = ref(spec);
          for (const threads of [1, 3]) {
            const got = gradOf(wasm(spec, { threads, dtype }));
            const tol = dtype === 'float64' ? 1e-12 : 1e-5;
            expect(maxRelDiff([got.loss], [want.loss])).toBeLessThan(tol);
            expect(maxRelDiff(got.g, want.g)).toBeLessThan(tol);
          }
        }
      });
    }
  }
});

describe('every loss, activation and optimizer (batch 2): step() equals the JS backend', () => {
  const n = Math.max(LOSSES.length, ACTIVATIONS.length, OPTIMIZERS.length);
  for (let i = 0; i < n; i++) {
    const loss = LOSSES[i % LOSSES.length]!, act = ACTIVATIONS[i % ACTIVATIONS.length]!, optimizer = OPTIMIZERS[i % OPTIMIZERS.length]!;
    it(`${loss.type} after ${act.type}, ${optimizer.type}`, () => {
      const isCE = isClassLoss(loss.type); // cross_entropy and nll take one class index per sample
      const spec = networkFromObject({
        layers: [{ type: 'linear', in: 2, out: 3 }, act, { type: 'linear', in: 3, out: 2 }, ...(loss.type === 'bce' ? [{ type: 'sigmoid' }] : [])],
        loss, optimizer, seed: 5,
        data: { x: [[0.5, -1.2], [1.5, 0.3]], y: isCE ? [[1], [0]] : loss.type.startsWith('bce') ? [[0.2, 0.9], [0.7, 0.1]] : [[1, -0.5], [0.3, 2]] },
      });
      const want = ref(spec);
      for (const threads of [1, 2]) {
        const c = wasm(spec, { threads });
        const got = gradOf(c);
        expect(maxRelDiff([got.loss], [want.loss])).toBeLessThan(1e-12);
        expect(maxRelDiff(got.g, want.g)).toBeLessThan(1e-12);
        const js = compileGradient(spec, { backend: 'js', view: 'matrix' });
        const [p, q] = [c.initialParams(), js.initialParams()];
        const { x, y } = c.data();
        for (let s = 0; s < 3; s++) expect(maxRelDiff([c.step(p, x, y)], [js.step(q, x, y)])).toBeLessThan(1e-12);
        expect(maxRelDiff(p, q)).toBeLessThan(1e-12);
        c.reset();
        js.reset();
        c.step(p, x, y);
        js.step(q, x, y);
        expect(maxRelDiff(p, q)).toBeLessThan(1e-12);
      }
    });
  }
});

describe('calling convention', () => {
  const spec = networkFromObject({
    layers: [{ type: 'linear', in: 3, out: 4 }, { type: 'relu' }, { type: 'linear', in: 4, out: 3 }],
    loss: { type: 'cross_entropy' }, optimizer: { type: 'sgd', lr: 0.1 }, seed: 1,
    data: { x: [[1, 2, 3], [0, -1, 2]], y: [[2], [0]] },
  });

  it('a class index out of range throws a RangeError, and the closure still works after', () => {
    const c = wasm(spec, {});
    const { x } = c.data();
    const g = new Float64Array(c.layout.paramCount);
    expect(() => c.grad(c.initialParams(), x, Float64Array.from([3, 0]), g)).toThrow(/class index out of range/);
    expect(() => c.grad(c.initialParams(), x, Float64Array.from([0.5, 0]), g)).toThrow(RangeError);
    expect(gradOf(c).loss).toBeCloseTo(ref(spec).loss, 12);
  });

  it('its own buffers skip the copies and give the same gradient', () => {
    const c = wasm(spec, {});
    const b = c.buffers!;
    const { x, y } = c.data();
    b.params.set(c.initialParams());
    b.x.set(x);
    b.y.set(y);
    const loss = c.grad(b.params, b.x, b.y, b.grad);
    expect(loss).toBe(gradOf(c).loss);
    expect(maxRelDiff(b.grad, ref(spec).g)).toBeLessThan(1e-12);
  });

  it('after dispose() a call is refused', () => {
    const c = compileGradient(spec, { backend: 'wasm', threads: 2 });
    c.dispose!();
    c.dispose!();
    expect(() => gradOf(c)).toThrow(/disposed/);
  });
});
