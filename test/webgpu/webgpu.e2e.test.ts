/**
 * The WebGPU backend in headless Chromium (SwiftShader's WebGPU adapter on a machine without a
 * GPU): WGSL generated in the page from lowered programs, on every activation, loss and
 * optimizer, batch 1 and > 1, and sizes off the kernels' tiles. The loss and ∂L/∂θ agree with the
 * float64 matrix interpreter within 1e-5 (|a − b| ≤ 1e-5·(1 + |b|)); several optimizer steps on
 * parameters that stay on the device (only the loss read back) agree with the float64 JS
 * backend's steps, and exactly with the same steps through the host-array step().
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { arbNetwork, maxRelDiff, ACTIVATIONS, LOSSES, OPTIMIZERS } from '../compile/nets.js';
import { openWebgpuPage, hasChromium, type WebgpuPage } from './browser.js';
import { caseOf, kindsNetwork } from './cases.js';
import type { NetworkSpec } from '../../src/nn/spec.js';
import { networkFromObject } from '../../src/nn/load.js';

const TOL = 1e-5;
const STEPS = 3;
let page: WebgpuPage;

beforeAll(async () => {
  page = await openWebgpuPage();
}, 120_000);
afterAll(async () => {
  await page?.close();
});

async function check(spec: NetworkSpec, stepTol: number) {
  const { input, ref } = caseOf(spec, STEPS);
  const got = await page.run(input);
  const what = `${spec.layers.map((l) => l.type).join('-')} ${spec.loss.type} ${spec.optimizer.type}`;
  expect(got.adapter.architecture.length + got.adapter.vendor.length).toBeGreaterThan(0);
  expect(maxRelDiff([got.loss], [ref.loss]), what).toBeLessThan(TOL);
  expect(maxRelDiff(got.grad, ref.grad), what).toBeLessThan(TOL);
  expect(maxRelDiff(got.losses, ref.losses), what).toBeLessThan(stepTol);
  expect(maxRelDiff(got.after, ref.after), what).toBeLessThan(stepTol);
  // The same kernels in the same order: resident and host-array steps are bit-for-bit equal.
  expect(got.after).toEqual(got.afterHostSteps);
  return got;
}

/** Adam divides by √v̂ + 1e-8: a float32 gradient's rounding is magnified where v is tiny. */
const stepTolerance = (spec: NetworkSpec) => (spec.optimizer.type === 'sgd' ? TOL : 1e-4);

describe.skipIf(!hasChromium())('WebGPU kernels in headless Chromium', () => {
  it('finds a WebGPU adapter and runs the seed-sized network', { timeout: 120_000 }, async () => {
    const got = await check(kindsNetwork(0, 1, [2, 2, 1]), TOL);
    expect(got.kernels).toBeGreaterThan(3);
  });

  const n = Math.max(LOSSES.length, ACTIVATIONS.length, OPTIMIZERS.length);
  for (const batch of [1, 4]) {
    it(`every activation, loss and optimizer at batch ${batch}`, { timeout: 300_000 }, async () => {
      for (let i = 0; i < n; i++) {
        const spec = kindsNetwork(i, batch, [3, 5, 2]);
        await check(spec, stepTolerance(spec));
      }
    });
  }

  it('sizes off the tiles (products, reductions and workgroups with partial tiles)', { timeout: 300_000 }, async () => {
    for (const [i, batch, widths] of [[2, 70, [37, 67, 5]], [7, 3, [5, 17, 65, 3]], [8, 66, [9, 130, 4]], [1, 1, [1, 1, 1]]] as const) {
      const spec = kindsNetwork(i, batch, widths);
      await check(spec, stepTolerance(spec));
    }
  });

  it('loss options as constant rows, probability targets and a learned PReLU slope', { timeout: 300_000 }, async () => {
    const x = [[0.5, -1.2, 0.3], [1.5, 0.2, -0.7], [-0.4, 0.9, 1.1], [0.05, -0.3, 0.6]];
    const layers = [{ type: 'linear', in: 3, out: 4 }, { type: 'prelu', num_parameters: 4 }, { type: 'linear', in: 4, out: 3 }];
    const probs = [[0.7, 0.2, 0.1], [0, 1, 0], [0.25, 0.25, 0.4], [0.1, 0.1, 0.8]];
    const cases: Array<{ loss: Record<string, unknown>; y: number[][]; sigmoid?: boolean }> = [
      { loss: { type: 'bce', weight: [0.5, 2, 1] }, y: probs, sigmoid: true },
      { loss: { type: 'bce_with_logits', pos_weight: [3, 0.5, 1.5] }, y: probs },
      { loss: { type: 'cross_entropy', weight: [1, 2, 0.5], label_smoothing: 0.1 }, y: [[0], [2], [1], [2]] },
      { loss: { type: 'cross_entropy', targets: 'probabilities', label_smoothing: 0.2 }, y: probs },
    ];
    for (const [i, c] of cases.entries()) {
      const spec = networkFromObject({
        name: `options ${i}`, seed: 7 + i, layers: c.sigmoid ? [...layers, { type: 'sigmoid' }] : layers,
        loss: c.loss, optimizer: { type: 'sgd', lr: 0.1 }, data: { x, y: c.y },
      });
      await check(spec, TOL);
    }
  });

  it('random networks (every layer option: shared, missing and frozen biases, frozen weights)', { timeout: 300_000 }, async () => {
    const specs = fc.sample(arbNetwork, { numRuns: 12, seed: 41 });
    for (const spec of specs) await check(spec, stepTolerance(spec));
  });
});
