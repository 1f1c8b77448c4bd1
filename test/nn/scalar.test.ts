/**
 * The scalar view's numbering and structure: W/b numbered row-major through the layers, z and
 * σ/a numbered through the neurons, ŷ_k for several outputs, per-sample superscripts for a batch,
 * shared biases as one symbol, frozen parameters excluded from the gradient, configurable names,
 * and the refusal above the size limit pointing to the matrix view. Also the state_dict layout.
 */
import { describe, expect, it } from 'vitest';
import { scalarView } from '../../src/nn/scalar.js';
import { paramLayout, stateDict, flattenParams, flatIndex } from '../../src/nn/params.js';
import {
  Adam, AdamW, BCEWithLogitsLoss, CrossEntropyLoss, Custom, customLoss, HuberLoss, Identity, L1Loss, LeakyReLU, Linear,
  MSELoss, ReLU, SGD, Sequential, Sigmoid, SmoothL1Loss, Softmax, Softplus, Tanh,
} from '../../src/nn/api.js';
import { networkFromObject, parseNetwork } from '../../src/nn/load.js';
import { SymgradError } from '../../src/errors.js';
import { toText } from '../../src/render/text.js';
import { train } from '../../src/nn/evaluate.js';

const names = (xs: readonly { name: string }[]) => xs.map((x) => x.name);

describe('scalar view', () => {
  const spec = Sequential(Linear(2, 3), Tanh(), Linear(3, 2, { bias: { shared: 0.5 } }), Softmax())
    .spec({ loss: MSELoss(), optimizer: SGD({ lr: 0.1 }), data: { x: [[1, 2], [3, 4]], y: [[0, 1], [1, 0]] }, seed: 1 });

  it('numbers parameters row-major through the layers and maps them to state_dict entries', () => {
    const v = scalarView(spec);
    expect(names(v.params.map((p) => p.symbol))).toEqual([
      'W_1', 'W_2', 'W_3', 'W_4', 'W_5', 'W_6', 'W_7', 'W_8', 'W_9', 'W_{10}', 'W_{11}', 'W_{12}', 'b_1', 'b_2', 'b_3', 'b_4',
    ]);
    expect(v.params.map((p) => v.describe(p.symbol))).toEqual([
      '"0.weight"[0][0]', '"0.weight"[0][1]', '"0.weight"[1][0]', '"0.weight"[1][1]', '"0.weight"[2][0]', '"0.weight"[2][1]',
      '"2.weight"[0][0]', '"2.weight"[0][1]', '"2.weight"[0][2]', '"2.weight"[1][0]', '"2.weight"[1][1]', '"2.weight"[1][2]',
      '"0.bias"[0]', '"0.bias"[1]', '"0.bias"[2]', '"2.bias"',
    ]);
    const layout = paramLayout(spec);
    v.params.forEach((p) => expect(p.flat).toBe(flatIndex(layout, p.key, p.index)));
  });

  it('gives each sample its own symbols and shares the parameters', () => {
    const v = scalarView(spec);
    expect(names(v.program.targets).slice(0, 11)).toEqual([
      'z_1^{(1)}', 'z_2^{(1)}', 'z_3^{(1)}', 'a_1^{(1)}', 'a_2^{(1)}', 'a_3^{(1)}', 'z_4^{(1)}', 'z_5^{(1)}', '\\hat{y}_1^{(1)}', '\\hat{y}_2^{(1)}', 'z_1^{(2)}',
    ]);
    expect(names(v.inputs.map((d) => d.symbol))).toEqual(['x_1^{(1)}', 'x_2^{(1)}', 'x_1^{(2)}', 'x_2^{(2)}']);
    expect(names(v.targets.map((d) => d.symbol))).toEqual(['y_1^{(1)}', 'y_2^{(1)}', 'y_1^{(2)}', 'y_2^{(2)}']);
    // the shared bias b_4 is one symbol in both neurons of layer 2
    const z4 = v.program.definition(v.modules[2]![0]![0]!)!;
    const z5 = v.program.definition(v.modules[2]![0]![1]!)!;
    expect(toText(z4)).toMatch(/\+ b_4$/);
    expect(toText(z5)).toMatch(/\+ b_4$/);
    expect(toText(v.program.definition(v.loss)!)).toMatch(/\/ 4$/);
  });

  it('excludes frozen parameters from the gradient but keeps their symbols', () => {
    const frozen = networkFromObject({ layers: [{ type: 'linear', in: 1, out: 1, freeze: ['weight'] }, 'sigmoid'], loss: 'mse', optimizer: 'sgd', data: { x: [[1]], y: [[0]] } });
    const v = scalarView(frozen);
    expect(names(v.params.map((p) => p.symbol))).toEqual(['W_1', 'b_1']);
    expect(names(v.trainable)).toEqual(['b_1']);
    expect([...v.gradient().adjoint.keys()].map((k) => k.name)).not.toContain('W_1');
  });

  it('takes other names', () => {
    const v = scalarView(spec, { names: { weight: 'w', pre: 'h', activation: 'g', output: 'o', loss: 'E', sample: (n) => `^{[${n}]}` } });
    expect(names(v.program.targets).slice(0, 9)).toEqual(['h_1^{[1]}', 'h_2^{[1]}', 'h_3^{[1]}', 'g_1^{[1]}', 'g_2^{[1]}', 'g_3^{[1]}', 'h_4^{[1]}', 'h_5^{[1]}', 'o_1^{[1]}']);
    expect(v.loss.name).toBe('E');
    expect(v.params[0]!.symbol.name).toBe('w_1');
  });

  it('refuses networks above the size limit and points to the matrix view', () => {
    const big = networkFromObject({ layers: [{ type: 'linear', in: 20, out: 20 }, 'relu', { type: 'linear', in: 20, out: 1 }], loss: 'mse', optimizer: 'sgd', data: { x: [Array(20).fill(1)], y: [[0]] } });
    expect(() => scalarView(big)).toThrow(SymgradError);
    expect(() => scalarView(big)).toThrow(/441 parameters.*limited to 200 parameters.*matrix view/);
    expect(() => scalarView(big, { maxParams: 500 })).not.toThrow();
  });

  it('state_dict shapes: weight out × in, bias [out], shared bias [] (a number)', () => {
    const layout = paramLayout(spec);
    expect(layout.entries.map((e) => [e.key, e.shape, e.offset])).toEqual([
      ['0.weight', [3, 2], 0], ['0.bias', [3], 6], ['2.weight', [2, 3], 9], ['2.bias', [], 15],
    ]);
    const sd = stateDict(layout, flattenParams(spec, layout));
    expect(sd['2.bias']).toBe(0.5);
    expect((sd['2.weight'] as number[][]).map((r) => r.length)).toEqual([3, 3]);
  });
});

describe('the PyTorch-named API', () => {
  it('every builder gives the same spec as the equivalent file', () => {
    const api = Sequential(Linear(3, 4, { bias: false }), ReLU(), Linear(4, 4, { freeze: ['bias'] }), LeakyReLU(0.1), Linear(4, 4), Softplus(),
      Linear(4, 4), Identity(), Linear(4, 4), Sigmoid(), Linear(4, 2), Custom('x*sigmoid(x)'));
    const file = (loss: string, opt: string, y: string) => parseNetwork(`
seed: 3
layers:
  - {type: linear, in: 3, out: 4, bias: false}
  - relu
  - {type: linear, in: 4, out: 4, freeze: [bias]}
  - {type: leaky_relu, negative_slope: 0.1}
  - {type: linear, in: 4, out: 4}
  - softplus
  - {type: linear, in: 4, out: 4}
  - identity
  - {type: linear, in: 4, out: 4}
  - sigmoid
  - {type: linear, in: 4, out: 2}
  - {type: custom, f: "x*sigmoid(x)"}
loss: ${loss}
optimizer: ${opt}
data: {x: [[1, 2, 3]], y: ${y}}
`, 'api.yaml');
    const data = { x: [[1, 2, 3]], y: [[0, 1]] };
    const cases: [Parameters<typeof api.spec>[0], string, string][] = [
      [{ loss: BCEWithLogitsLoss({ reduction: 'sum' }), optimizer: Adam({ lr: 0.01, betas: [0.8, 0.9] }), data, seed: 3 }, '{type: bce_with_logits, reduction: sum}', '{type: adam, lr: 0.01, betas: [0.8, 0.9]}'],
      [{ loss: HuberLoss({ delta: 2 }), optimizer: AdamW({ weight_decay: 0.1 }), data, seed: 3 }, '{type: huber, delta: 2}', '{type: adamw, weight_decay: 0.1}'],
      [{ loss: SmoothL1Loss({ beta: 0.5 }), optimizer: SGD({ lr: 0.1, momentum: 0.9, nesterov: true }), data, seed: 3 }, '{type: smooth_l1, beta: 0.5}', '{type: sgd, lr: 0.1, momentum: 0.9, nesterov: true}'],
      [{ loss: L1Loss(), optimizer: SGD(), data, seed: 3 }, 'l1', 'sgd'],
      [{ loss: customLoss('0.5*(y - yhat)^2', { reduction: 'sum' }), optimizer: SGD(), data, seed: 3 }, '{type: custom, f: "0.5*(y - yhat)^2", reduction: sum}', 'sgd'],
      [{ loss: CrossEntropyLoss({ label_smoothing: 0.1 }), optimizer: SGD(), data: { x: [[1, 2, 3]], y: [1] }, seed: 3 }, '{type: cross_entropy, label_smoothing: 0.1}', 'sgd'],
    ];
    for (const [opts, loss, opt] of cases) {
      const fromFile = file(loss, opt, opts.loss.type === 'cross_entropy' ? '[[1]]' : '[[0, 1]]');
      expect(api.spec(opts)).toEqual(fromFile);
    }
  });

  it('reports mistakes with field paths', () => {
    expect(() => Sequential(Linear(2, 2), Linear(3, 1)).spec({ loss: MSELoss(), optimizer: SGD(), data: { x: [[1, 1]], y: [[0]] } }))
      .toThrow(/expected 2 \(the width of the previous layer\), got 3/);
    try {
      Sequential(Linear(2, 1, { weight: [[1, 2, 3]] })).spec({ loss: MSELoss(), optimizer: SGD(), data: { x: [[1, 1]], y: [[0]] } });
    } catch (e) {
      expect((e as SymgradError).format()).toBe('layers[0].weight: expected 1×2, got 1×3');
    }
  });
});

describe('file formats and display forms', () => {
  it('JSON and YAML give the same network', () => {
    const yaml = parseNetwork('layers: [{type: linear, in: 2, out: 1, weight: [[1, 2]], bias: {shared: 0.5}}, sigmoid]\nloss: bce\noptimizer: {type: adam}\ndata: {x: [[1, 1]], y: [[1]]}\n', 'n.yaml');
    const json = parseNetwork(JSON.stringify({ layers: [{ type: 'linear', in: 2, out: 1, weight: [[1, 2]], bias: { shared: 0.5 } }, 'sigmoid'], loss: 'bce', optimizer: { type: 'adam' }, data: { x: [[1, 1]], y: [[1]] } }), 'n.json');
    expect(json).toEqual(yaml);
  });

  it('textbook formulas (no BCE clamp, no softmax shift) give the same values away from overflow', () => {
    const nets = [
      { layers: [{ type: 'linear', in: 2, out: 3 }, 'softmax', { type: 'linear', in: 3, out: 1 }, 'sigmoid'], loss: 'bce', y: [[1], [0]] },
      { layers: [{ type: 'linear', in: 2, out: 3 }, 'tanh', { type: 'linear', in: 3, out: 3 }], loss: { type: 'cross_entropy', label_smoothing: 0.2 }, y: [[2], [0]] },
      { layers: [{ type: 'linear', in: 2, out: 2 }], loss: 'bce_with_logits', y: [[1, 0], [0.5, 1]] },
    ];
    for (const n of nets) {
      const spec = networkFromObject({ seed: 2, layers: n.layers, loss: n.loss, optimizer: 'sgd', data: { x: [[1, -2], [0.5, 3]], y: n.y } });
      const exact = train(spec, { steps: 0 });
      const textbook = train(spec, { steps: 0, scalar: { textbook: true } });
      expect(Math.abs(textbook.loss - exact.loss)).toBeLessThan(1e-12);
      const flat = (r: typeof exact) => Object.values(r.grad).flat(2) as number[];
      flat(textbook).forEach((g, i) => expect(Math.abs(g - flat(exact)[i]!)).toBeLessThan(1e-12));
    }
  });
});
