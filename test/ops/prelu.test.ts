/**
 * PReLU beyond the reference numbers (network.test.ts checks those against the float64 reference):
 * its slope is a parameter with a state_dict entry of its own ("<index>.weight", shape
 * [num_parameters]) in the layout, `train` output and the compiled layout; the loader refuses a
 * wrong num_parameters or weight with a located line; the API and the checker's PyTorch reader
 * build the same layer; documents (en/ko) show its gradient and update.
 */
import '../../src/derive/katex-node.js';
import { describe, expect, it } from 'vitest';
import { nn, optim } from '../../src/nn/api.js';
import { networkFromObject, parseNetwork } from '../../src/nn/load.js';
import { train } from '../../src/nn/evaluate.js';
import { paramLayout } from '../../src/nn/params.js';
import { compileGradient } from '../../src/compile/index.js';
import { readPytorch } from '../../src/check/pytorch.js';
import { derive, render } from '../../src/derive/index.js';
import { SymgradError } from '../../src/errors.js';

const plain = (prelu: Record<string, unknown>, x = [[1, -2]], y = x.map(() => [0.5])) => ({
  layers: [{ type: 'linear', in: 2, out: 2, weight: [[0.5, -1.2], [0.8, 0.1]], bias: [0.1, -0.2] }, { type: 'prelu', ...prelu },
    { type: 'linear', in: 2, out: 1, weight: [[0.6, -0.8]], bias: [-0.5] }],
  loss: 'mse', optimizer: { type: 'sgd', lr: 0.1 }, data: { x, y },
});

describe('PReLU', () => {
  it('the slope is a state_dict entry of shape [num_parameters], trained like a weight', () => {
    const spec = networkFromObject(plain({ num_parameters: 2, weight: [0.1, -0.3] }));
    expect(paramLayout(spec).entries.map((e) => [e.key, e.shape])).toEqual([
      ['0.weight', [2, 2]], ['0.bias', [2]], ['1.weight', [2]], ['2.weight', [1, 2]], ['2.bias', [1]]]);
    // z = (0.1 + 0.5 + 2.4, −0.2 + 0.8 − 0.2) = (3, 0.4): both positive, so ∂L/∂s = 0
    const r = train(spec, { steps: 1 });
    expect((r.grad['1.weight'] as number[]).map(Math.abs)).toEqual([0, 0]);
    // x = (1, 2): z_1 = 0.1 + 0.5 − 2.4 = −1.8 < 0, so ∂L/∂s_1 = ∂L/∂a_1 · z_1 = (2(ŷ − y)·0.6)·(−1.8)
    const neg = networkFromObject(plain({ num_parameters: 2, weight: [0.1, -0.3] }, [[1, 2]]));
    const n = train(neg, { steps: 1 });
    const a1 = 0.1 * -1.8, a2 = 0.8 + 0.2 - 0.2;
    const yhat = 0.6 * a1 - 0.8 * a2 - 0.5;
    const g = 2 * (yhat - 0.5) * 0.6 * -1.8;
    expect(Math.abs((n.grad['1.weight'] as number[])[0]! - g)).toBeLessThan(1e-15);
    expect(Math.abs((n.params_after['1.weight'] as number[])[0]! - (0.1 - 0.1 * g))).toBeLessThan(1e-15);
    const c = compileGradient(neg, { view: 'scalar' });
    expect(c.layout.params.map((e) => e.key)).toContain('1.weight');
  });

  it('defaults: one slope 0.25 (nn.PReLU()); freeze: [weight] keeps it', () => {
    const spec = networkFromObject(plain({}, [[1, 2]]));
    expect(paramLayout(spec).entries.find((e) => e.key === '1.weight')!.shape).toEqual([1]);
    expect(train(spec, { steps: 1 }).params_after['1.weight']).not.toEqual([0.25]);
    const frozen = networkFromObject(plain({ freeze: ['weight'] }, [[1, 2]]));
    const r = train(frozen, { steps: 1 });
    expect(r.grad['1.weight']).toBeNull();
    expect(r.params_after['1.weight']).toEqual([0.25]);
  });

  it.each([
    ['{type: prelu, num_parameters: 3}', /net\.yaml:6: layers\[1\]\.num_parameters: num_parameters must be 1 or the number of features \(2\), got 3/],
    ['{type: prelu, num_parameters: 2, weight: [0.1]}', /net\.yaml:6: layers\[1\]\.weight: expected 2 numbers?, got 1/],
    ['{type: prelu, weight: [.nan]}', /net\.yaml:6: layers\[1\]\.weight\[0\]/],
    ['{type: prelu, num_parameters: 1.5}', /net\.yaml:6: layers\[1\]\.num_parameters: expected an integer/],
    ['{type: prelu, freeze: [bias]}', /net\.yaml:6: layers\[1\]\.freeze\[0\]/],
  ])('refuses %s with a located line', (layer, message) => {
    const yaml = ['loss: mse', 'optimizer: sgd', 'data: {x: [[1, 2]], y: [[0.5, 0.1]]}', 'layers:',
      '  - {type: linear, in: 2, out: 2}', `  - ${layer}`].join('\n');
    // the layer under test is on line 6; a message names file, line and field
    let err: unknown;
    try { parseNetwork(yaml, 'net.yaml'); } catch (e) { err = e; }
    expect(err).toBeInstanceOf(SymgradError);
    expect((err as SymgradError).format()).toMatch(message);
  });

  it('the API and the checker\'s PyTorch reader build the same layer', () => {
    expect(nn.PReLU(2, 0.1)).toEqual({ type: 'prelu', num_parameters: 2, init: 0.1 });
    const m = readPytorch([
      'model = nn.Sequential(nn.Linear(2, 2), nn.PReLU(num_parameters=2, init=0.1), nn.Linear(2, 1), nn.PReLU())',
      'with torch.no_grad():',
      '    model[1].weight.copy_(torch.tensor([0.3, -0.2]))',
    ].join('\n'))!;
    expect(m.layers.slice(1)).toEqual([
      { type: 'prelu', num_parameters: 2, init: 0.1, weight: [0.3, -0.2] }, { type: 'linear', in: 2, out: 1 }, { type: 'prelu', num_parameters: 1, init: 0.25 }]);
    const f = readPytorch('model = nn.Sequential(nn.Linear(2, 2))\ndef forward(self, x):\n    return F.prelu(self.model(x), torch.tensor([0.2, 0.4]))')!;
    expect(f.layers.at(-1)).toEqual({ type: 'prelu', num_parameters: 2, weight: [0.2, 0.4] });
    const spec = nn.Sequential(nn.Linear(2, 2, { weight: [[0.5, -1.2], [0.8, 0.1]], bias: [0.1, -0.2] }), nn.PReLU(2, 0.1))
      .spec({ loss: nn.MSELoss(), optimizer: optim.SGD({ lr: 0.1 }), data: { x: [[1, 2]], y: [[0, 0]] } });
    expect(paramLayout(spec).entries.at(-1)).toMatchObject({ key: '1.weight', shape: [2] });
  });

  it.each([
    ['en', 'The gradient of the trained parameter', 'the PReLU slope derivative'],
    ['ko', '학습되는 매개변수', 'PReLU 기울기에 대한 미분'],
  ] as const)('a document (%s) shows the slope, its gradient and its update', (lang, sentence, rule) => {
    const spec = networkFromObject(plain({ num_parameters: 2, weight: [0.1, -0.3] }, [[1, 2]]));
    const d = derive(spec);
    const md = render(d, 'md', lang).get('derivation.md')!;
    for (const s of ['nn.PReLU(2)', '`1.weight[0]`', sentence, rule, 's_{1}(t+1) = s_{1}(t)', '\\frac{\\partial \\mathcal{L}}{\\partial s_{1}}']) expect(md).toContain(s);
    expect(render(d, 'html', lang).get('derivation.html')!).not.toContain('katex-error');
  });

  it('the matrix view: the slope row broadcast over the batch, its gradient a column sum', () => {
    const spec = networkFromObject(plain({ num_parameters: 2, weight: [0.1, -0.3] }, [[1, 2], [1, -2]]));
    const md = render(derive(spec, { view: 'matrix' }), 'md', 'en').get('derivation.md')!;
    expect(md).toContain('A^{(1)} = \\operatorname{PReLU}\\left(Z^{(1)}; \\mathbf{1} s^{(1)}\\right)');
    expect(md).toContain('\\frac{\\partial \\mathcal{L}}{\\partial s^{(1)}} = \\mathbf{1}^\\top');
  });
});
