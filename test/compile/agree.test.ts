/**
 * Compiled gradients agree with the interpreters: on random networks of every layer, loss and
 * optimizer kind, batch 1 and > 1, the JS backend's scalar view (straight-line code) and matrix
 * view (loops) give the matrix interpreter's loss and ∂L/∂θ to 1e-12 in float64, and step()
 * reproduces the scalar view's optimizer steps (train) to 1e-12; float32 and the GPU.js backend
 * agree within float32 tolerance.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compileGradient, type CompiledGradient } from '../../src/compile/index.js';
import { evaluateView, matrixView } from '../../src/nn/matrix/index.js';
import { train } from '../../src/nn/evaluate.js';
import { flattenParams, paramLayout } from '../../src/nn/params.js';
import { isClassLoss } from '../../src/nn/catalog/index.js';
import type { NetworkSpec } from '../../src/nn/spec.js';
import { networkFromObject } from '../../src/nn/load.js';
import { ACTIVATIONS, arbNetwork, LOSSES, maxRelDiff, OPTIMIZERS } from './nets.js';
import { runs } from '../support/quick.js';

function run(c: CompiledGradient, dtype: 'float64' | 'float32' = 'float64') {
  const F = dtype === 'float32' ? Float32Array : Float64Array;
  const p = c.initialParams();
  const { x, y } = c.data();
  const g = new F(c.layout.paramCount).fill(NaN);
  const loss = c.grad(p, x, y, g);
  return { loss, g };
}

function reference(spec: NetworkSpec) {
  const v = evaluateView(matrixView(spec));
  return { loss: v.loss, g: v.grad };
}

describe('compiled gradients equal the matrix interpreter (float64, 1e-12)', () => {
  const cases = [
    ['scalar view (straight-line)', { view: 'scalar' }],
    ['matrix view (loops lowered from the tensor program)', { view: 'matrix' }],
  ] as const;
  cases.forEach(([name, opts], i) => {
    it(`${name} on random networks`, () => {
      fc.assert(
        fc.property(arbNetwork, (spec) => {
          const ref = reference(spec);
          const got = run(compileGradient(spec, opts));
          expect(maxRelDiff([got.loss], [ref.loss])).toBeLessThan(1e-12);
          expect(maxRelDiff(got.g, ref.g)).toBeLessThan(1e-12);
        }),
        { numRuns: runs(30), seed: 11 + i },
      );
    });
  });
});

describe('every loss, activation and optimizer, deterministically (batch 2)', () => {
  // The random tests above draw kinds by chance; this table meets each one (there are at least
  // as many losses as activations or optimizers, so cycling through those covers them all).
  const n = Math.max(LOSSES.length, ACTIVATIONS.length, OPTIMIZERS.length);
  const kinds = Array.from({ length: n }, (_, i) => ({ loss: LOSSES[i % LOSSES.length]!, act: ACTIVATIONS[i % ACTIVATIONS.length]!, optimizer: OPTIMIZERS[i % OPTIMIZERS.length]! }));
  for (const { loss, act, optimizer } of kinds) {
    it(`${loss.type} loss after ${act.type}, ${optimizer.type}`, () => {
      const isCE = isClassLoss(loss.type);
      const spec = networkFromObject({
        layers: [{ type: 'linear', in: 2, out: 3 }, act, { type: 'linear', in: 3, out: 2 }, ...(loss.type === 'bce' ? [{ type: 'sigmoid' }] : [])],
        loss, optimizer, seed: 5,
        data: { x: [[0.5, -1.2], [1.5, 0.3]], y: isCE ? [[1], [0]] : loss.type.startsWith('bce') ? [[0.2, 0.9], [0.7, 0.1]] : [[1, -0.5], [0.3, 2]] },
      });
      const ref = reference(spec);
      const trained = train(spec, { steps: 2 });
      for (const view of ['scalar', 'matrix'] as const) {
        const c = compileGradient(spec, { view });
        const got = run(c);
        expect(maxRelDiff([got.loss], [ref.loss])).toBeLessThan(1e-12);
        expect(maxRelDiff(got.g, ref.g)).toBeLessThan(1e-12);
        const p = c.initialParams();
        const { x, y } = c.data();
        c.step(p, x, y);
        expect(maxRelDiff([c.step(p, x, y)], [trained.losses[0]!])).toBeLessThan(optimizer.type === 'sgd' ? 1e-12 : 1e-8);
      }
    });
  }
});

describe('step() reproduces the optimizer (three steps, float64)', () => {
  it('matches train() on random networks', () => {
    fc.assert(
      fc.property(arbNetwork, fc.constantFrom('scalar', 'matrix' as const), (spec, view) => {
        const steps = 3;
        const ref = train(spec, { steps });
        const c = compileGradient(spec, { view: view as 'scalar' | 'matrix' });
        const p = c.initialParams();
        const { x, y } = c.data();
        // The first gradient against the scalar view's interpreter (train evaluates its program).
        const g0 = new Float64Array(c.layout.paramCount);
        c.grad(p, x, y, g0);
        const want = new Float64Array(c.layout.paramCount);
        for (const e of c.layout.params) {
          const t = ref.grad[e.key];
          if (t !== null && t !== undefined) want.set(typeof t === 'number' ? [t] : (t as (number | number[])[]).flat(), e.offset);
        }
        expect(maxRelDiff(g0, want)).toBeLessThan(1e-12);
        const losses: number[] = [];
        for (let s = 0; s < steps; s++) losses.push(c.step(p, x, y));
        const g = new Float64Array(c.layout.paramCount);
        losses.push(c.grad(p, x, y, g));
        // train().losses[k] is the loss after k + 1 steps; ours[k + 1] likewise.
        expect(maxRelDiff(losses.slice(1), ref.losses)).toBeLessThan(spec.optimizer.type === 'sgd' ? 1e-12 : 1e-8);
        expect(maxRelDiff([losses[0]!], [ref.loss])).toBeLessThan(1e-12);
        const layout = paramLayout(spec);
        const after = flattenParams({ ...spec }, layout).fill(0);
        for (const e of layout.entries) {
          const t = ref.params_after[e.key]!;
          const flat = typeof t === 'number' ? [t] : (t as (number | number[])[]).flat();
          after.set(flat, e.offset);
        }
        // Adam divides by √v + ε (ε = 1e-8): where a gradient is 0 in exact arithmetic (a shared
        // bias before a softmax) but 1e-17 after rounding, either side may move by lr·1e-9.
        const tol = spec.optimizer.type === 'sgd' ? 1e-12 : 1e-8;
        expect(maxRelDiff(p, after)).toBeLessThan(tol);
        // reset() forgets momentum and moments: the next step is a first step again.
        c.reset();
        const q = c.initialParams();
        c.step(q, x, y);
        const once = train(spec, { steps: 1 });
        const firstAfter = new Float64Array(layout.size);
        for (const e of layout.entries) {
          const t = once.params_after[e.key]!;
          firstAfter.set(typeof t === 'number' ? [t] : (t as (number | number[])[]).flat(), e.offset);
        }
        expect(maxRelDiff(q, firstAfter)).toBeLessThan(tol);
      }),
      { numRuns: runs(25), seed: 13 },
    );
  });
});

describe('a batch size other than the spec data', () => {
  it('compiles for that batch and agrees with the interpreter on new data', () => {
    fc.assert(
      fc.property(arbNetwork, fc.integer({ min: 2, max: 6 }), fc.integer({ min: 0, max: 1000 }), (spec, batch, salt) => {
        const c = compileGradient(spec, { view: 'matrix', batch });
        const [, inF] = c.layout.x;
        const isCE = isClassLoss(spec.loss.type);
        const outF = isCE ? 1 : c.layout.y[1]!;
        const classes = isCE ? (spec.layers.filter((l) => l.type === 'linear').at(-1) as { out: number }).out : 0;
        const x = Array.from({ length: batch }, (_, b) => Array.from({ length: inF }, (_, i) => Math.sin(salt + 3 * b + i)));
        const y = Array.from({ length: batch }, (_, b) =>
          Array.from({ length: outF }, (_, k) => (isCE ? (b + salt) % classes : spec.loss.type.startsWith('bce') ? 0.5 + 0.4 * Math.cos(salt + b + k) : Math.cos(b + k))),
        );
        const ref = evaluateView(matrixView(spec), { x, y });
        const g = new Float64Array(c.layout.paramCount);
        const loss = c.grad(c.initialParams(), Float64Array.from(x.flat()), Float64Array.from(y.flat()), g);
        expect(maxRelDiff([loss], [ref.loss])).toBeLessThan(1e-12);
        expect(maxRelDiff(g, ref.grad)).toBeLessThan(1e-12);
      }),
      { numRuns: runs(15), seed: 16 },
    );
  });
});

describe('float32 and GPU.js within float32 tolerance', () => {
  it('float32 JS, both views', () => {
    fc.assert(
      fc.property(arbNetwork, fc.constantFrom('scalar', 'matrix' as const), (spec, view) => {
        const ref = reference(spec);
        const got = run(compileGradient(spec, { view: view as 'scalar' | 'matrix', dtype: 'float32' }), 'float32');
        expect(maxRelDiff([got.loss], [ref.loss])).toBeLessThan(1e-4);
        expect(maxRelDiff(got.g, ref.g)).toBeLessThan(1e-4);
      }),
      { numRuns: runs(15), seed: 14 },
    );
  });

  for (const [mode, runs] of [['cpu', 6], ['webasm', 3]] as const) {
    it(`GPU.js in ${mode} mode`, () => {
      fc.assert(
        fc.property(arbNetwork, (spec) => {
          const ref = reference(spec);
          const c = compileGradient(spec, { backend: 'gpu', gpuMode: mode });
          const got = run(c);
          expect(c.mode).toBe(`gpu.js:${mode}`);
          expect(maxRelDiff([got.loss], [ref.loss])).toBeLessThan(1e-4);
          expect(maxRelDiff(got.g, ref.g)).toBeLessThan(1e-4);
        }),
        { numRuns: runs, seed: 15 },
      );
    });
  }
});
