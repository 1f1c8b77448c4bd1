/**
 * The row layers Softmin and LogSoftmax beyond the numbers (those are in network.test.ts against
 * the float64 reference): the API builders give the file's network, the checker's PyTorch reader
 * knows nn.Softmin / nn.LogSoftmax, and a derivation document names them and their rules in
 * English and Korean with the same loss as training.
 */
import '../../src/derive/katex-node.js';
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { nn, optim } from '../../src/nn/api.js';
import { networkFromObject } from '../../src/nn/load.js';
import { loadNetworkFile } from '../../src/nn/load-node.js';
import { train } from '../../src/nn/evaluate.js';
import { readPytorch } from '../../src/check/pytorch.js';
import { derive, render } from '../../src/derive/index.js';

const ref = JSON.parse(readFileSync(new URL('./fixtures/softmin-logsoftmax.reference.json', import.meta.url), 'utf8')) as { loss: number };

describe('Softmin and LogSoftmax', () => {
  it('the API builds the fixture network and gives the reference loss', () => {
    const file = loadNetworkFile('test/ops/fixtures/softmin-logsoftmax.yaml');
    const [l0, , l2] = file.layers as unknown as { weight: number[][]; bias: { values: number[] } }[];
    const spec = nn.Sequential(nn.Linear(3, 4, { weight: l0!.weight, bias: l0!.bias.values }), nn.Softmin(),
      nn.Linear(4, 3, { weight: l2!.weight, bias: l2!.bias.values }), nn.LogSoftmax())
      .spec({ loss: nn.KLDivLoss(), optimizer: optim.SGD({ lr: 0.5, momentum: 0.9 }), data: file.data, seed: 0 });
    expect(spec.layers.map((l) => l.type)).toEqual(['linear', 'softmin', 'linear', 'log_softmax']);
    expect(Math.abs(train(spec, { steps: 0 }).loss - ref.loss)).toBeLessThan(1e-12);
  });

  it('the checker reads nn.NLLLoss(reduction="sum")', () => {
    const m = readPytorch('model = nn.Sequential(nn.Linear(2, 2), nn.LogSoftmax(dim=1))\nloss_fn = nn.NLLLoss(reduction="sum")')!;
    expect(m.loss).toEqual({ type: 'nll', reduction: 'sum' });
  });

  it('NLLLoss in documents: ℓ = −ŷ_k for the class k, in both views', () => {
    const nll = networkFromObject({
      layers: [{ type: 'linear', in: 2, out: 2, weight: [[0.5, -1.2], [0.8, 0.1]], bias: [0.1, -0.2] }, 'log_softmax'],
      loss: 'nll', optimizer: 'sgd', data: { x: [[1, -2]], y: [[1]] },
    });
    const en = render(derive(nll), 'md', 'en').get('derivation.md')!;
    expect(en).toContain('`nn.NLLLoss`');
    expect(en).toContain('\\mathcal{L} &= -\\hat{y}_{2}');
    const ko = render(derive(nll), 'md', 'ko').get('derivation.md')!;
    expect(ko).toContain('손실 함수(`nn.NLLLoss`)');
    const mx = render(derive(nll, { view: 'matrix' }), 'md', 'en').get('derivation.md')!;
    expect(mx).toContain('-\\left(A^{(1)} \\odot \\operatorname{onehot}\\left(Y\\right)\\right)');
    // −log_softmax(z)_2 at z = (0.1 + 0.5 + 2.4, −0.2 + 0.8 − 0.2)
    const z = [3, 0.4];
    const expected = Math.log(Math.exp(z[0]!) + Math.exp(z[1]!)) - z[1]!;
    expect(Math.abs(train(nll, { steps: 0 }).loss - expected)).toBeLessThan(1e-12);
  });

  it('nll targets are class indices, checked like cross_entropy', () => {
    const bad = () => networkFromObject({ layers: [{ type: 'linear', in: 1, out: 2 }, 'log_softmax'], loss: 'nll', optimizer: 'sgd', data: { x: [[1]], y: [[2]] } });
    expect(bad).toThrow(/class index 2 is out of range for 2 classes/);
  });

  it('the checker reads nn.Softmin(dim=1) and nn.LogSoftmax(dim=1)', () => {
    const m = readPytorch('model = nn.Sequential(nn.Linear(2, 2), nn.Softmin(dim=1), nn.Linear(2, 2), nn.LogSoftmax(dim=1))')!;
    expect(m.layers.slice(1).map((l) => (l as { type: string }).type)).toEqual(['softmin', 'linear', 'log_softmax']);
  });

  const spec = networkFromObject({
    layers: [{ type: 'linear', in: 2, out: 2, weight: [[0.5, -1.2], [0.8, 0.1]], bias: [0.1, -0.2] }, 'softmin',
      { type: 'linear', in: 2, out: 2, weight: [[0.6, -0.8], [-0.7, 0.9]], bias: [-0.5, 0.3] }, 'log_softmax'],
    loss: 'kl_div', optimizer: 'sgd', data: { x: [[1, -2]], y: [[0.2, 0.8]] },
  });

  it.each([
    ['en', 'the softmin derivative', 'the log-softmax derivative'],
    ['ko', '소프트민의 미분', '로그 소프트맥스의 미분'],
  ] as const)('a document (%s) names the modules and their rules', (lang, softmin, logSoftmax) => {
    const d = derive(spec);
    const md = render(d, 'md', lang).get('derivation.md')!;
    for (const s of ['nn.Softmin(dim=1)', 'nn.LogSoftmax(dim=1)', softmin, logSoftmax]) expect(md).toContain(s);
    const html = render(d, 'html', lang).get('derivation.html')!;
    expect(html).not.toContain('katex-error');
    const json = JSON.parse(render(d, 'json', lang).get('derivation.json')!) as { loss?: number };
    expect(JSON.stringify(json)).toContain(String(train(spec, { steps: 0 }).loss).slice(0, 10));
  });

  it('the matrix-view document writes softmax(−Z) and log(softmax(Z))', () => {
    const md = render(derive(spec, { view: 'matrix' }), 'md', 'en').get('derivation.md')!;
    expect(md).toContain('\\operatorname{softmax}\\left(-Z^{(1)}\\right)');
    expect(md).toContain('\\log\\left(\\operatorname{softmax}\\left(Z^{(2)}\\right)\\right)');
  });
});
