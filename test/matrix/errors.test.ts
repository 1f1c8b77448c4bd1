/**
 * User mistakes reaching the matrix view are SymgradErrors that name the field: formulas with
 * unknown variables or bad syntax, widths that do not chain, class indices out of range. Also
 * the shipped seed network file, loaded by the project's loader, gives the reference loss.
 */
import { describe, expect, it } from 'vitest';
import { SymgradError } from '../../src/errors.js';
import { loadNetworkFile } from '../../src/nn/load-node.js';
import { matrixView, evaluateView } from '../../src/nn/matrix/index.js';
import type { LayerSpec, NetworkSpec } from '../../src/nn/spec.js';
import { randomNet } from './nets.js';

const base = (hidden: LayerSpec = { type: 'relu' }): NetworkSpec =>
  randomNet({ widths: [2, 3, 1], hidden: hidden as never, loss: { type: 'mse', reduction: 'mean' }, batch: 2, seed: 1 });

function fails(f: () => unknown, field: string, message: string): void {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(SymgradError);
    expect((e as SymgradError).place.field).toBe(field);
    expect((e as SymgradError).message).toContain(message);
    return;
  }
  throw new Error('expected a SymgradError');
}

describe('matrix view: user mistakes', () => {
  it('a custom activation with an unknown variable', () => {
    fails(() => matrixView(base({ type: 'custom', f: 'x*z' })), 'layers[1].f', "unknown variable 'z'");
  });

  it('a custom activation that does not parse', () => {
    fails(() => matrixView(base({ type: 'custom', f: 'x*(' })), 'layers[1].f', 'syntax error');
  });

  it('a custom loss with an unknown variable', () => {
    fails(() => matrixView({ ...base(), loss: { type: 'custom', f: '(y - q)^2', reduction: 'sum' } }), 'loss.f', "unknown variable 'q'");
  });

  it('widths that do not chain', () => {
    const spec = base();
    const [l0, act, l2] = spec.layers as [LayerSpec, LayerSpec, LayerSpec & { type: 'linear' }];
    fails(() => matrixView({ ...spec, layers: [l0, act, { ...l2, in: 4 }] }), 'layers[2].in', 'expected in = 3');
    fails(() => matrixView({ ...spec, data: { x: [[1, 2, 3]], y: [[1]] } }), 'layers[0].in', 'data.x has 3 columns');
  });

  it('a class index out of range for cross-entropy', () => {
    const v = matrixView(randomNet({ widths: [2, 3], hidden: { type: 'relu' }, loss: { type: 'cross_entropy', label_smoothing: 0, reduction: 'mean' }, batch: 2, seed: 2 }));
    fails(() => evaluateView(v, { y: [[0], [3]] }), 'data.y[1][0]', 'class index 3 out of range 0..2');
    fails(() => evaluateView(v, { y: [[0.5], [1]] }), 'data.y[0][0]', 'class index 0.5');
  });

  it('the shipped seed network file gives the reference loss', () => {
    const r = evaluateView(matrixView(loadNetworkFile('derivations/seed-2-2-1/network.yaml')));
    expect(Math.abs(r.loss - 0.5368841905553434)).toBeLessThan(1e-12);
  });
});
